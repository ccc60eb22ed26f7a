"""quellen: who said, claimed or denied what, about whom, when, and on whose authority."""
__version__ = "0.1.0"
