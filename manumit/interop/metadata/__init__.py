"""metadata: filled in by its own module; `plug_in()` registers hooks and formats."""
