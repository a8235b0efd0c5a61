"""`python -m build_scripts.bench`: build time, page weight and Lighthouse (see bench.report). Not a test."""

import sys

from build_scripts.bench.report import main

sys.exit(main())
