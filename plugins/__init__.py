"""The blog's Pelican plugins, one package each (``PLUGINS = ["plugins.glossary", ...]`` in pelicanconf.py).

``plugins.shared`` holds what several plugins use (the ``path:line`` error, the front-matter line finder, the
settings declaration); ``plugins.pelican_compat`` holds every touch of Pelican's and Python-Markdown's
internals. Neither is a plugin. See README.md in this folder for the architecture.
"""
