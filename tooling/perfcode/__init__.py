"""perfcode: performance management as code."""

__version__ = "0.1.0"
