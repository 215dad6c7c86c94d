"""The shape of a risk and the register config, its quarters and what its dates say:
plain values, no I/O."""
