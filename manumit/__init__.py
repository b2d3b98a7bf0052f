"""Manumit: an open-source resource library for the anti-slavery field."""

__version__ = "0.1.0"
