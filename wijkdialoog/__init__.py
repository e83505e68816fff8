"""Wijkdialoog: neighbourhood dialogues for Dutch municipalities."""

__version__ = "0.1.0"
