"""Speed: what only makes the build faster. The site is byte-identical without it (a test builds both).

- Each post's URL is computed once per build, not on every use (``urls.py``).
- Pelican's memoized copy of a post's HTML is dropped once its page is written (``memory.py``).
- With the content cache on, compiled templates are cached too (``templates.py``).
"""

from pelican import signals

from .memory import forget_written_content
from .templates import cache_compiled_templates
from .urls import remember_urls

__all__ = ["register"]


def register() -> None:
    signals.generator_init.connect(cache_compiled_templates)
    signals.all_generators_finalized.connect(remember_urls)
    signals.content_written.connect(forget_written_content)
