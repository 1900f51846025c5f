"""Treatment measures in a series: declared in the series file, given by each update, charted and exported.

Builds on the ``series`` plugin (it reads ``context['all_series']``). Everything is
computed after all generators have read their content, on every build, and kept on
the series objects of that build: nothing survives between ``make devserver`` rebuilds.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ..shared.contracts import PREVIEW_DOCUMENT_REFRESHED
from .data import attach_measures, to_csv, to_json
from .model import Measure, MeasureError, MeasureSeries, Number

__all__ = ["Measure", "MeasureError", "MeasureSeries", "MeasuresGenerator", "Number", "register"]


def on_generators_finalized(generators) -> None:
    """Validate the values and attach charts, rows and update readings, before any page is written."""
    if not generators:
        return
    context = generators[0].context
    attach_measures(context, generators[0].settings)


class MeasuresGenerator(Generator):
    """Writes each series' data as CSV and JSON next to its series page."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        siteurl = self.settings.get("SITEURL", "")
        for series in self.context.get("all_series", []):
            data = getattr(series, "data", None)
            if data is None:
                continue
            files = {data.csv_save_as: to_csv(data, siteurl), data.json_save_as: to_json(series, data, siteurl)}
            for save_as, text in files.items():
                path = Path(self.output_path) / save_as
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")


def get_generators(pelican) -> type[MeasuresGenerator]:
    return MeasuresGenerator


def carry_readings(sender, old, new, generators: list) -> None:
    """``preview_document_refreshed`` (make devserver): a post read again keeps its readings until the catch-up."""
    if "measure_readings" in vars(old):
        new.measure_readings = old.measure_readings


def register() -> None:
    signals.all_generators_finalized.connect(on_generators_finalized)
    PREVIEW_DOCUMENT_REFRESHED.connect(carry_readings)
    signals.get_generators.connect(get_generators)
