"""The register at a git revision, what changed between two, and a risk's score over time."""
