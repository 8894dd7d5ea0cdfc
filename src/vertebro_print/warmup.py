"""Imported by the workers' forkserver only (workers.PRELOADED), never by a command: it loads
once what every worker would otherwise load for itself on its first catalog, and the workers
forked after it share it. The language-identification model of the catalog checks took each
worker 0.8 s of its first render, twice per build on two cores, and again for every worker the
web server recycles."""

from vertebro_print.i18n.checks import identity

identity.load_model()
