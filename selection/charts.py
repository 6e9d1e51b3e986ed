"""Chance-vs-risk scatter for stage E (pure: ranking -> core.charts.Chart, plain data for plotly.js)."""
from django.utils.translation import gettext as _

from core.charts import Chart

POSITIONS = ["top center", "bottom center", "middle right", "middle left"]


def _cell(value):
    return "—" if value is None else value


def chance_risk_chart(ranking) -> Chart:
    points = [s for s in ranking if s.chance is not None and s.risk is not None]
    scatter = {
        "type": "scatter",
        "x": [float(s.risk) for s in points], "y": [float(s.chance) for s in points],
        # Only the rank is written on the chart (names of close points overlapped, e.g. Arad and
        # Dimona); the name is in the hover and in the table under the chart.
        "mode": "markers+text", "text": [str(s.rank) for s in points],
        "textposition": [POSITIONS[i % len(POSITIONS)] for i in range(len(points))],
        "customdata": [f"{s.rank}. {s.name}" for s in points],
        "marker": {"size": 14, "color": [float(s.net) for s in points], "colorscale": "RdYlGn",
                   "line": {"width": 1, "color": "#1b2330"}},
        "hovertemplate": _("%{customdata}<br>chance %{y}<br>risk %{x}") + "<extra></extra>",
    }
    layout = {
        "height": 440,
        "shapes": [{"type": "line", "x0": 0, "y0": 0, "x1": 100, "y1": 100,
                    "line": {"dash": "dot", "color": "#8a94a6"}}],
        "xaxis": {"title": {"text": _ltr_range(_("Risk (0-100)"))}, "range": [-5, 105]},
        "yaxis": {"title": {"text": _ltr_range(_("Chance (0-100)"))}, "range": [-5, 105]},
    }
    return Chart(
        id="chance-risk", caption=_("Chance and risk of each candidate on the focus list"),
        summary=_("Above the diagonal (top left) is more chance than risk.") if ranking else "",
        data=[scatter], layout=layout,
        headers=[_("Rank"), _("Authority"), _("Chance"), _("Risk"), _("Net")],
        rows=[[s.rank, s.name, _cell(s.chance), _cell(s.risk), _cell(s.net)] for s in ranking],
    )


def _ltr_range(title: str) -> str:
    """The range is isolated left-to-right, or a right-to-left title turns "(0-100)" into ")100-0("."""
    return title.replace("(0-100)", "\u2066(0-100)\u2069")
