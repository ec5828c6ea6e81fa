"""tenseq: which tumor-secreted factors make neutrophils kill tumor cells, and which stop them."""

__version__ = "0.1.0"
