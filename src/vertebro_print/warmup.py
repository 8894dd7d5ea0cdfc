"""Imported by the web server's workers' forkserver only (web/renderer.py: WORKER_MODULES),
never by a command: it loads once what every worker would otherwise load for itself on its
first catalog, and the workers forked after it share it. The language-identification model of
the catalog checks took each worker 0.8 s of its first render, again for every worker the web
server recycles. Not for the build: its two workers load it side by side on their first
catalog, and an English-only build needs none (preloaded, it waited 1.3 s for it)."""

from vertebro_print.i18n.checks import identity

identity.load_model()
