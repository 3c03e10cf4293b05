"""``python -m ui`` and the PyInstaller entry script: start the desktop program."""

import sys

from ui.main import main

sys.exit(main())
