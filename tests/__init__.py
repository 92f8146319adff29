"""footprint's test suite, in layers: ``unit``, ``properties``, ``integration``, ``notebooks``, ``browser``
(shared helpers in ``support``).

Importing this package is the first thing any pytest run of the suite does (``tests/conftest.py`` is
``tests.conftest``), so it is where the session gets its own cache folder: ``FOOTPRINT_CACHE`` points at
a temporary folder before footprint is imported and before any fixture of any scope runs
(:mod:`tests.support.isolation`; removed again by ``pytest_unconfigure`` in ``conftest.py``).
"""

from tests.support import isolation

isolation.start()
