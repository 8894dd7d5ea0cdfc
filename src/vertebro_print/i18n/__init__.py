"""Translation: languages, source messages, catalogs and their checks, the language scope of a
render, the translator's commands."""

# The language the handouts are written in. Here, not in languages.py, so that modules that
# need only the code (the request, the CLI's options) do not import Babel.
SOURCE_LANGUAGE = "en"
