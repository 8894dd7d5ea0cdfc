"""The web server's worker processes fork from a forkserver that has imported and loaded what
every worker needs first (workers.PRELOADED, warmup.py), so no worker it recycles pays it
again on its first render."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from vertebro_print.i18n.checks import identity

# Run in a process of its own, as the web server is: a process's forkserver imports the list
# of the first pool it starts, and tests before this one start theirs (a build's).
_WEB_POOL = """
from concurrent.futures import ProcessPoolExecutor
from tests.test_workers import models_loaded
from vertebro_print.web.renderer import WORKER_MODULES
from vertebro_print.workers import worker_context

with ProcessPoolExecutor(1, mp_context=worker_context(*WORKER_MODULES)) as pool:
    print(pool.submit(models_loaded).result(timeout=120))
"""


def models_loaded() -> int:
    return identity._identifier.cache_info().currsize


def test_a_web_worker_starts_with_the_catalog_checks_model_loaded():
    done = subprocess.run(
        [sys.executable, "-c", _WEB_POOL], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"
