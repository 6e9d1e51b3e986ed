"""Chance-vs-risk scatter for stage E (pure: ranking -> figure)."""
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from core.charts import base_layout

POSITIONS = ["top center", "bottom center", "middle right", "middle left"]


def chance_risk_figure(ranking):
    points = [s for s in ranking if s.chance is not None and s.risk is not None]
    fig = go.Figure(go.Scatter(
        x=[float(s.risk) for s in points], y=[float(s.chance) for s in points],
        # Only the rank is written on the chart (names of close points overlapped, e.g. Arad and
        # Dimona); the name is in the hover and in the ranking table beside the chart.
        mode="markers+text", text=[str(s.rank) for s in points],
        textposition=[POSITIONS[i % len(POSITIONS)] for i in range(len(points))],
        customdata=[f"{s.rank}. {s.name}" for s in points],
        marker={"size": 14, "color": [float(s.net) for s in points], "colorscale": "RdYlGn",
                "line": {"width": 1, "color": "#1b2330"}},
        hovertemplate=_("%{customdata}<br>chance %{y}<br>risk %{x}") + "<extra></extra>",
    ))
    fig.add_shape(type="line", x0=0, y0=0, x1=100, y1=100, line={"dash": "dot", "color": "#8a94a6"})
    base_layout(fig, height=440)
    # the range is isolated left-to-right, or a right-to-left title turns "(0-100)" into ")100-0("
    fig.update_xaxes(title_text=_ltr_range(_("Risk (0-100)")), range=[-5, 105])
    fig.update_yaxes(title_text=_ltr_range(_("Chance (0-100)")), range=[-5, 105])
    return fig


def _ltr_range(title: str) -> str:
    return title.replace("(0-100)", "\u2066(0-100)\u2069")
