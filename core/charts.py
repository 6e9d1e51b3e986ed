"""Charts: one convention for every stage (docs/architecture.md, "Charts").

An app's `charts.py` turns selector output into a `Chart`: the figure as plain data for plotly.js (traces
and layout as dicts and lists, never plotly's Python graph objects, whose validators cost ~65 ms a
figure, docs/architecture.md), a caption, and the table alternative (headers and rows). A page renders
it with one include, `{% include "core/chart.html" with chart=chart %}`, which outputs the caption, the chart
container (role="img", named by the caption) with the figure as JSON, and the data table. The page's
charts are drawn by one script, `static/js/charts.js`, which holds the common layout defaults and the
plotly configuration (no mode bar, so no "Share"/"Edit in Chart Studio" that would send the data to a
third-party cloud). plotly.js is the partial "basic" bundle vendored in `static/vendor/plotly/`, loaded
deferred and only on pages with a chart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.functional import Promise

# The trace types of the vendored bundle (plotly.js-basic-dist-min): a chart of another type would draw
# nothing, so it is refused here. Vendor a bigger partial bundle (e.g. plotly.js-cartesian-dist-min)
# before adding a type.
SUPPORTED_TRACES = frozenset({"bar", "scatter", "pie"})
PLOTLY_BUNDLE = "vendor/plotly/plotly-basic.min.js"


def plain(value, *, path: str = "figure"):
    """The value as plain JSON data (dict with str keys, list, str, int, float, bool, None): lazy
    translations become str, tuples lists, NaN and infinities None (a gap in plotly). Anything else
    (a Decimal, a date, a plotly object) is refused: convert it where the chart is built, so the
    browser gets numbers where numbers are meant."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v, path=f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, path=f"{path}[{i}]") for i, v in enumerate(value)]
    raise TypeError(f"{path}: a chart figure holds plain data (dict, list, str, number, bool, None), "
                    f"not {type(value).__name__}")


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows it. `id` is the element id (unique on the page); `caption` names the
    chart (visible caption, the chart's accessible name, the table's caption); `summary` is an
    optional sentence on how to read it; `data` and `layout` are plotly.js's traces and layout (the
    common defaults are added in the browser); `headers` and `rows` are the same figures as a table."""

    id: str
    caption: str
    data: list
    headers: list
    rows: list
    layout: dict = field(default_factory=dict)
    summary: str = ""
    table_open: bool = False

    def __post_init__(self):
        data = plain(self.data, path="data")
        for index, trace in enumerate(data):
            kind = trace.get("type") if isinstance(trace, dict) else None
            if kind not in SUPPORTED_TRACES:
                raise ValueError(f"data[{index}]: trace type {kind!r} is not in the vendored plotly bundle "
                                 f"({', '.join(sorted(SUPPORTED_TRACES))})")
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "layout", plain(self.layout, path="layout"))
        object.__setattr__(self, "caption", str(self.caption))
        object.__setattr__(self, "summary", str(self.summary))
        object.__setattr__(self, "headers", [str(h) for h in self.headers])
        object.__setattr__(self, "rows", [list(row) for row in self.rows])

    @property
    def figure(self) -> dict:
        return {"data": self.data, "layout": self.layout}

    @property
    def figure_id(self) -> str:
        return f"{self.id}-figure"

    @property
    def height(self) -> int | None:
        height = self.layout.get("height")
        return int(height) if isinstance(height, (int, float)) and not isinstance(height, bool) else None

    @property
    def label(self) -> str:
        """The chart container's accessible name: the caption, then the summary."""
        return f"{self.caption}: {self.summary}" if self.summary else self.caption
