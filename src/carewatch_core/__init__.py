"""CareWatch core: pure-Python algorithms over plain data. Never imports Django."""
