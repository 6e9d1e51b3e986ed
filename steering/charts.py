"""Figures of stage 4 (pure functions: selector output -> plotly figure + table rows)."""
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from core.charts import base_layout, figure_html


def composition_chart(composition, *, div_id="composition-chart"):
    rows = composition.rows
    labels = [r.label for r in rows]
    fig = go.Figure()
    fig.add_bar(name=_("Actual %"), x=labels, y=[r.percent for r in rows], marker_color="#0b6e7f",
                text=[f"{r.percent:g}%" for r in rows], textposition="outside")
    if any(r.target is not None for r in rows):
        fig.add_bar(name=_("Target %"), x=labels, y=[r.target or 0 for r in rows], marker_color="#e07a1f",
                    text=[f"{(r.target or 0):g}%" for r in rows], textposition="outside")
    fig.update_layout(barmode="group", yaxis={"ticksuffix": "%", "rangemode": "tozero"},
                      xaxis={"autorange": "reversed"})
    base_layout(fig, height=340)
    table_headers = [_("Sector"), _("Members"), _("Actual %"), _("Target %"), _("Gap (points)")]
    table_rows = [[r.label, r.count, f"{r.percent:g}%", "—" if r.target is None else f"{r.target:g}%",
                   "—" if r.gap is None else f"{r.gap:+g}"] for r in rows]
    return figure_html(fig, div_id=div_id), table_headers, table_rows
