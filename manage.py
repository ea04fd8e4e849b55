#!/usr/bin/env python
"""Django's manage.py; ``carewatch`` is the same command with a friendlier name."""

import sys

from carewatch.cli import main

if __name__ == "__main__":
    sys.exit(main())
