"""``python -m piu``: the ``piu`` command, for a computer where the script is not on the PATH."""

import sys

from piu.core.cli import main

sys.exit(main())
