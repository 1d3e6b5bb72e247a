"""`python -m planner` runs the command line (and, with no command, the desktop app)."""

import sys

from planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
