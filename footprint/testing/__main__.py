"""``python -m footprint.testing compare A B``: see :mod:`footprint.testing.compare`."""

import sys

from footprint.testing.compare import main

sys.exit(main())
