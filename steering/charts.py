"""Figures of stage 4 (pure functions: selector output -> plotly figure + table rows)."""
import plotly.graph_objects as go
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.charts import base_layout, figure_html


def _wrap(label, width=18):
    """Break a long sector name over lines (plotly tick labels take <br>), so the bars keep their room."""
    lines, line = [], ""
    for word in str(label).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    # plotly draws each line as left-to-right SVG text: a right-to-left label gets a right-to-left mark
    # at both ends of every line, so a parenthesis split over two lines keeps its side and shape
    if any("\u0590" <= ch <= "\u06ff" for ch in str(label)):
        lines = [f"\u200f{line}\u200f" for line in lines]
    return "<br>".join(lines)


def composition_chart(composition, *, div_id="composition-chart"):
    """Members by sector against the target as horizontal bars: the sector names (some long) sit
    beside the bars with room of their own (automargin), the legend below, and the height grows
    with the number of sectors so the bars stay readable in every language."""
    rows = composition.rows
    rtl = get_language_bidi()
    labels = [_wrap(r.label) for r in rows]
    fig = go.Figure()
    fig.add_bar(name=_("Actual %"), y=labels, x=[r.percent for r in rows], orientation="h",
                marker_color="#0b6e7f", text=[f"{r.percent:g}%" for r in rows], textposition="outside",
                cliponaxis=False)
    if any(r.target is not None for r in rows):
        fig.add_bar(name=_("Target %"), y=labels, x=[r.target or 0 for r in rows], orientation="h",
                    marker_color="#e07a1f", text=[f"{(r.target or 0):g}%" for r in rows],
                    textposition="outside", cliponaxis=False)
    top = max([r.percent for r in rows] + [r.target or 0 for r in rows] + [10]) * 1.35
    height = max(240, 110 + 58 * len(rows))
    base_layout(fig, rtl=rtl, height=height)
    fig.update_layout(
        barmode="group", bargap=0.25, bargroupgap=0.05, uniformtext={"minsize": 11, "mode": "show"},
        xaxis={"ticksuffix": "%", "range": [top, 0] if rtl else [0, top], "automargin": True,
               "gridcolor": "#e6e9ee"},
        # first sector on top; in RTL the names stand at the right, where the bars start
        yaxis={"autorange": "reversed", "automargin": True, "side": "right" if rtl else "left"},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "yref": "container", "y": 0.01,
                "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 20, "r": 20, "t": 10, "b": 80},
    )
    table_headers = [_("Sector"), _("Members"), _("Actual %"), _("Target %"), _("Gap (points)")]
    table_rows = [[r.label, r.count, f"{r.percent:g}%", "—" if r.target is None else f"{r.target:g}%",
                   "—" if r.gap is None else f"{r.gap:+g}"] for r in rows]
    return figure_html(fig, div_id=div_id), table_headers, table_rows
