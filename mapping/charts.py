"""Figures of stage 5 (pure functions: selector output -> core.charts.Chart, plain data for plotly.js and
the table beside it; docs/architecture.md, "Charts")."""
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.charts import Chart

VALUE, TARGET, FORECAST = "#0b6e7f", "#e07a1f", "#6b7280"


def _n(value):
    return "—" if value is None else number_format(value.normalize() if hasattr(value, "normalize") else value,
                                                   use_l10n=True, force_grouping=True)


def _axes(rtl, **x):
    return {"xaxis": {"autorange": "reversed" if rtl else True, **x},
            "yaxis": {"side": "right" if rtl else "left", "rangemode": "tozero", "gridcolor": "#e6e9ee"},
            "height": 300, "margin": {"l": 40, "r": 40, "t": 10, "b": 60}}


def trend_chart(picture, *, div_id):
    """An indicator over the years: values, the target line, and the trend's forecast to the target year."""
    rtl = get_language_bidi()
    data = [{"type": "scatter", "name": _("Value"), "x": [p.year for p in picture.series],
             "y": [float(p.value) for p in picture.series], "mode": "lines+markers",
             "line": {"color": VALUE, "width": 3}}]
    if picture.targets:
        data.append({"type": "scatter", "name": _("Target"), "x": [p.year for p in picture.targets],
                     "y": [float(p.value) for p in picture.targets], "mode": "lines+markers",
                     "line": {"color": TARGET, "dash": "dash"}, "marker": {"symbol": "star", "size": 11}})
    ahead = picture.forecast and picture.latest and picture.forecast.year > picture.latest.year
    if ahead:
        data.append({"type": "scatter", "name": _("Current trend"), "x": [picture.latest.year, picture.forecast.year],
                     "y": [float(picture.latest.value), float(picture.forecast.value)], "mode": "lines",
                     "line": {"color": FORECAST, "dash": "dot"}})
    targets = {p.year: p.value for p in picture.targets}
    values = {p.year: p.value for p in picture.series}
    rows = [[year, _n(values.get(year)), _n(targets.get(year))] for year in picture.years]
    if ahead:
        rows.append([f"{picture.forecast.year} ({_('current trend')})", _n(picture.forecast.value),
                     _n(targets.get(picture.forecast.year))])
    return Chart(id=div_id, caption=_("%(name)s over the years, with the target and the current trend") % {
        "name": picture.indicator.name}, data=data, layout=_axes(rtl, dtick=1),
        headers=[_("Year"), _("Value"), _("Target")], rows=rows)


def breakdown_chart(rows, *, div_id, name="", kind_label=""):
    """Current value against the target for each breakdown (the guide's "by neighbourhood" bars)."""
    rtl = get_language_bidi()
    labels = [str(r.label) for r in rows]
    data = [{"type": "bar", "name": _("Current"), "x": labels,
             "y": [float(r.latest.value) if r.latest else 0 for r in rows], "marker": {"color": VALUE}}]
    if any(r.target for r in rows):
        data.append({"type": "bar", "name": _("Target"), "x": labels,
                     "y": [float(r.target.value) if r.target else 0 for r in rows], "marker": {"color": TARGET}})
    table = [[r.label, r.latest.year if r.latest else "—", _n(r.latest.value if r.latest else None),
              _n(r.target.value if r.target else None), "—" if r.attainment is None else f"{r.attainment}%"]
             for r in rows]
    return Chart(id=div_id, caption=_("%(name)s by %(kind)s") % {"name": name, "kind": kind_label}, data=data,
                 layout={**_axes(rtl), "barmode": "group"},
                 headers=[_("Breakdown"), _("Year"), _("Current"), _("Target"), _("Attainment")], rows=table)
