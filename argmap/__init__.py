"""argmap: map what states claim against what they have committed to."""

__version__ = "0.1.0"
