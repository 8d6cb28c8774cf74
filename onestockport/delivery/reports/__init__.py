"""Board packs: one module per output format, all registered in `registry.FORMATS`."""
