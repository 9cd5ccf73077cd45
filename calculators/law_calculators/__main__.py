"""`python -m law_calculators`: see cli.py."""

from .cli import main

raise SystemExit(main())
