"""Reporters: one module per output format, all behind `reporters.interface`."""
