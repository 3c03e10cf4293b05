"""The declarant client's core: domain, validation, local store, paths and logging.

Nothing in this package imports Qt or ``ui``; it runs and is tested without a display, and the
intake server reuses its domain rules so client and server check exactly the same things.
"""

__version__ = "0.1.0"
