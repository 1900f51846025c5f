"""Monthly update series: numbered updates, navigation, series pages and feeds, gap warnings.

A post joins a series with ``Series: <slug>``; ``content/series/<slug>.md`` describes
the series. Only published posts are numbered, linked, listed and put in feeds.
All state lives on the generator Pelican creates for each build.
"""

from pelican import signals

from ..shared.contracts import PREVIEW_DOCUMENT_REFRESHED
from .generator import SeriesGenerator
from .model import Month, Series, SeriesError, SeriesPosition

__all__ = ["Month", "Series", "SeriesError", "SeriesGenerator", "SeriesPosition", "register"]


def get_generators(pelican) -> type[SeriesGenerator]:
    return SeriesGenerator


def carry_series(sender, old, new, generators: list) -> None:
    """``preview_document_refreshed`` (make devserver): a post read again keeps its place in its series."""
    for name in ("series", "series_month", "series_origin_of"):
        if name in vars(old):
            setattr(new, name, getattr(old, name))


def register() -> None:
    signals.get_generators.connect(get_generators)
    PREVIEW_DOCUMENT_REFRESHED.connect(carry_series)
