"""vertebro-print: translated, print-ready PDF patient handouts about vertebroplasty."""

__version__ = "0.1.0"
