"""The register on disk: its layout, loading it, and the one path that writes to it."""
