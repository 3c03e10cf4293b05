"""The declarant client's core: domain, validation, local store, paths and logging.

Nothing in this package imports Qt or ``ui``; it runs and is tested without a display, and the
intake server reuses its domain rules so client and server check exactly the same things.

``__version__`` comes from the installed distribution's metadata, so pyproject.toml is the one
place it is written: an editable install (every script's ``.venv``), a wheel and the frozen bundle
(build.spec copies the metadata with ``copy_metadata``) all carry it.
"""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "customs-rating"

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # the sources on sys.path without being installed
    #: PEP 440's "no version known" rather than a number that could be mistaken for a release.
    __version__ = "0+unknown"
