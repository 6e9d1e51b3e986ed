"""Figures of the asset map (pure functions: selector rows -> plotly figure + table)."""
import plotly.graph_objects as go
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.charts import base_layout, figure_html


def shekels(value) -> str:
    return f"{number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)} ₪"


def budget_chart(rows, *, dimension_label, div_id):
    """Annual budget per category (domain or life stage) as horizontal bars, zero rows kept so the gaps
    show; the table beside it holds count and budget."""
    rtl = get_language_bidi()
    labels = [str(r["label"]) for r in rows]
    budgets = [float(r["budget"]) for r in rows]
    fig = go.Figure()
    fig.add_bar(y=labels, x=budgets, orientation="h", marker_color="#0b6e7f",
                text=[shekels(r["budget"]) for r in rows], textposition="outside", cliponaxis=False)
    top = max(budgets + [1]) * 1.4
    base_layout(fig, rtl=rtl, height=max(240, 90 + 44 * len(rows)))
    fig.update_layout(
        showlegend=False,
        xaxis={"range": [top, 0] if rtl else [0, top], "automargin": True, "gridcolor": "#e6e9ee"},
        yaxis={"autorange": "reversed", "automargin": True, "side": "right" if rtl else "left"},
        margin={"l": 20, "r": 20, "t": 10, "b": 30},
    )
    headers = [dimension_label, _("Programmes and services"), _("Annual budget")]
    table = [[r["label"], r["count"], shekels(r["budget"])] for r in rows]
    return figure_html(fig, div_id=div_id), headers, table
