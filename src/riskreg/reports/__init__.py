"""Reports built from a register as plain values: the listing and the committee pack."""
