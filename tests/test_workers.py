"""The web server's worker processes fork from a forkserver that has imported and loaded what
every worker needs first (workers.PRELOADED, warmup.py), so no worker it recycles pays it
again on its first render."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from vertebro_print.i18n.checks import identity
from vertebro_print.web.renderer import WORKER_MODULES
from vertebro_print.workers import worker_context


def models_loaded() -> int:
    return identity._identifier.cache_info().currsize


def test_a_web_worker_starts_with_the_catalog_checks_model_loaded():
    with ProcessPoolExecutor(1, mp_context=worker_context(*WORKER_MODULES)) as pool:
        loaded = pool.submit(models_loaded).result(timeout=120)
    assert loaded == 1
