"""The scoring guidance: scales, bands, colours, and impact x probability."""
