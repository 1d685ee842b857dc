"""``python -m analysis``: the same command line as ``analysis``."""

from analysis.cli import main

raise SystemExit(main())
