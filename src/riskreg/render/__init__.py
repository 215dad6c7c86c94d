"""Renderers: one per output format, each taking a plain result and writing it out."""
