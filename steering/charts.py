"""Figures of stage 4 (pure functions: selector output -> core.charts.Chart, plain data for plotly.js)."""
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.charts import Chart


def _wrap(label, width=16):
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


def _bar(name, labels, values, color):
    return {"type": "bar", "orientation": "h", "name": name, "y": labels, "x": values, "marker": {"color": color},
            "text": [f"{v:g}%" for v in values], "textposition": "outside", "cliponaxis": False}


def composition_chart(composition, *, chart_id="composition-chart") -> Chart:
    """Members by sector against the target as horizontal bars: the sector names (some long) sit
    beside the bars with room of their own (automargin), the legend below, and the height grows
    with the number of sectors so the bars stay readable in every language."""
    rows = composition.rows
    rtl = get_language_bidi()
    labels = [_wrap(r.label) for r in rows]
    data = [_bar(_("Actual %"), labels, [r.percent for r in rows], "#0b6e7f")]
    if any(r.target is not None for r in rows):
        data.append(_bar(_("Target %"), labels, [r.target or 0 for r in rows], "#e07a1f"))
    top = max([r.percent for r in rows] + [r.target or 0 for r in rows] + [10]) * 1.35
    layout = {
        "height": max(240, 110 + 58 * len(rows)),
        "barmode": "group", "bargap": 0.25, "bargroupgap": 0.05, "uniformtext": {"minsize": 11, "mode": "show"},
        "xaxis": {"ticksuffix": "%", "range": [top, 0] if rtl else [0, top], "automargin": True,
                  "gridcolor": "#e6e9ee"},
        # first sector on top; in RTL the names stand at the right, where the bars start
        "yaxis": {"autorange": "reversed", "automargin": True, "side": "right" if rtl else "left",
                  "tickfont": {"size": 13}},
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "yref": "container", "y": 0.01,
                   "yanchor": "bottom", "traceorder": "normal"},
        # room beside the bars' far end for their "37.5%" labels (drawn outside the bars)
        "margin": {"l": 44 if rtl else 20, "r": 20 if rtl else 44, "t": 10, "b": 80},
    }
    return Chart(
        id=chart_id, caption=_("Members by sector: actual against target"), data=data, layout=layout,
        headers=[_("Sector"), _("Members"), _("Actual %"), _("Target %"), _("Gap (points)")],
        rows=[[r.label, r.count, f"{r.percent:g}%", "—" if r.target is None else f"{r.target:g}%",
               "—" if r.gap is None else f"{r.gap:+g}"] for r in rows],
    )
