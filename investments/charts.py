"""Figures of the asset map (pure functions: selector rows -> core.charts.Chart, plain data for plotly.js
and the table beside it; docs/architecture.md, "Charts")."""
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.charts import Chart


def shekels(value) -> str:
    return f"{number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)} ₪"


def budget_chart(rows, *, dimension_label, div_id, caption=""):
    """Annual budget per category (domain or life stage) as horizontal bars, zero rows kept so the gaps
    show; the table beside it holds count and budget."""
    rtl = get_language_bidi()
    labels = [str(r["label"]) for r in rows]
    budgets = [float(r["budget"]) for r in rows]
    top = max(budgets + [1]) * 1.4
    data = [{"type": "bar", "orientation": "h", "y": labels, "x": budgets, "marker": {"color": "#0b6e7f"},
             "text": [shekels(r["budget"]) for r in rows], "textposition": "outside", "cliponaxis": False}]
    layout = {"showlegend": False, "height": max(240, 90 + 44 * len(rows)),
              "xaxis": {"range": [top, 0] if rtl else [0, top], "automargin": True, "gridcolor": "#e6e9ee"},
              "yaxis": {"autorange": "reversed", "automargin": True, "side": "right" if rtl else "left"},
              "margin": {"l": 20, "r": 20, "t": 10, "b": 30}}
    return Chart(id=div_id, caption=caption or dimension_label, data=data, layout=layout,
                 headers=[dimension_label, _("Programmes and services"), _("Annual budget")],
                 rows=[[r["label"], r["count"], shekels(r["budget"])] for r in rows])
