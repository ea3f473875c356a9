"""Checkers: one module (or package) per concern, all behind `checkers.interface`."""
