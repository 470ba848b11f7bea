"""sitegen: a static site generator for reading articles."""

import os

# sitegen makes no dense matrix products (related posts use scipy's sparse ones, which
# do not call BLAS), yet OpenBLAS starts a thread per core when numpy is imported, and
# those spin for ~0.1 s of CPU against the parse workers. Set before numpy is imported;
# a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.2.1"
