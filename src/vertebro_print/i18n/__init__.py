"""Translation: languages, source messages, catalogs and their checks, the language scope of a
render, the translator's commands."""
