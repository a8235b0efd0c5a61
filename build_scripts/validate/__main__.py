"""`python -m build_scripts.validate`: validate the data package (see validate.package)."""

import sys

from build_scripts.validate.package import main

sys.exit(main())
