"""clausegen: a compiler for the dispute-resolution regime of outsourcing contracts."""

__version__ = "0.1.0"
