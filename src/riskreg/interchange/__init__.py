"""Registers in and out: published registers, riskreg's own exports and imports."""
