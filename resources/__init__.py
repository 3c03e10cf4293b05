"""The program's data files: icons, translations (compiled ``.qm``), the OpenAPI document.

A package, so that they reach the code the way the code does: ``importlib.resources`` finds them
in a source checkout (an editable install), in an installed wheel (setuptools ships them as this
package's data, see ``[tool.setuptools.package-data]``) and in the PyInstaller bundle (its
importer answers ``files()`` with the bundle's folder, where build.spec puts them). No path is
worked out from ``__file__`` or ``sys._MEIPASS`` anywhere else.

The ``.ts`` catalogues are sources (``scripts/update_translations.py`` compiles them) and stay out
of the wheel.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def path(*parts: str) -> Path:
    """The file or folder ``resources/<parts…>`` on disk, whether it exists or not.

    Qt opens icons and catalogues by file name, so this needs the package as files, which it is
    in every way the program is installed (checkout, wheel, frozen bundle). A zipped install has
    no file name to give; that is an error here rather than a name Qt cannot open later.
    """
    found = files(__name__).joinpath(*parts)
    if not isinstance(found, Path):
        raise RuntimeError(
            f"resources/{'/'.join(parts)} is not a file on disk ({type(found).__name__}): "
            "install customs-rating unzipped"
        )
    return found
