"""``python -m pyreadiness``.

``-m`` puts the working directory first on ``sys.path``. Run from inside the repository it
scans, that would let the repository's ``ruff.py`` or ``yaml.py`` shadow what we import
(``ruff.__main__`` is imported to find the ruff binary): the entry is dropped before
anything else is imported. The installed ``pyreadiness`` script never had it.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):  # noqa: PTH109 - a str, as in sys.path
    del sys.path[0]

from pyreadiness.cli import main  # imported after sys.path is made safe

main()
