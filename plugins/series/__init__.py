"""Monthly update series: numbered updates, navigation, series pages and feeds, gap warnings.

A post joins a series with ``Series: <slug>``; ``content/series/<slug>.md`` describes
the series. Only published posts are numbered, linked, listed and put in feeds.
All state lives on the generator Pelican creates for each build.
"""

from pelican import signals

from .generator import SeriesGenerator
from .model import Month, Series, SeriesError, SeriesPosition

__all__ = ["Month", "Series", "SeriesError", "SeriesGenerator", "SeriesPosition", "register"]


def get_generators(pelican) -> type[SeriesGenerator]:
    return SeriesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
