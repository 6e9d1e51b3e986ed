"""Plotly helpers. Figures are built in each app's `charts.py` (pure functions: data -> figure);
this turns them into an embeddable <div> using the vendored plotly.js (static/vendor/plotly.min.js,
served from the plotly wheel). Every chart must be shown with a data table or a text alternative:
use the template `core/partials/chart.html`, which renders both."""
import plotly.io as pio
from django.utils.safestring import mark_safe

FONT = "Noto Sans Hebrew, Segoe UI, Arial, sans-serif"


def base_layout(fig, *, title: str = "", rtl: bool = True, height: int = 360):
    fig.update_layout(
        title={"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"} if title else None,
        font={"family": FONT, "size": 14, "color": "#1b2330"},
        margin={"l": 40, "r": 40, "t": 50 if title else 20, "b": 40},
        height=height, paper_bgcolor="white", plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def figure_html(fig, *, div_id: str) -> str:
    html = pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["select2d", "lasso2d"]})
    return mark_safe(html)
