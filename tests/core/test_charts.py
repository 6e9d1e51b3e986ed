"""Charts: one convention (core.charts.Chart + core/chart.html + static/js/charts.js), plain data for
plotly.js, the partial bundle loaded deferred once and only on chart pages, the mode bar off."""
import ast
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from core import tenancy
from core.charts import PLOTLY_BUNDLE, SUPPORTED_TRACES, Chart, plain

ROOT = Path(__file__).resolve().parents[2]
PLAIN = (dict, list, str, int, float, bool, type(None))


def _chart(**over):
    values = {"id": "demo-chart", "caption": "Members by sector", "summary": "",
              "data": [{"type": "bar", "x": [1, 2], "y": ["a", "b"]}], "layout": {"height": 300},
              "headers": ["Sector", "Members"], "rows": [["Residents", 3], ["Business", 1]]}
    values.update(over)
    return Chart(**values)


def _all_plain(value):
    if isinstance(value, dict):
        return all(isinstance(k, str) and _all_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_all_plain(v) for v in value)
    return isinstance(value, PLAIN)


def _render(*charts, request=True):
    source = "".join(f'{{% include "core/chart.html" with chart=c{i} %}}' for i in range(len(charts)))
    template = engines["django"].from_string(source)
    return template.render({f"c{i}": c for i, c in enumerate(charts)},
                           RequestFactory().get("/") if request else None)


# --- the chart object ------------------------------------------------------------------------------
def test_a_chart_holds_plain_data_only():
    with translation.override("en"):
        chart = _chart(data=[{"type": "scatter", "x": (1, 2.5), "y": [float("nan"), 3],
                              "name": gettext_lazy("Risk")}],
                       layout={"xaxis": {"title": {"text": gettext_lazy("Risk (0-100)")}}})
    assert chart.data == [{"type": "scatter", "x": [1, 2.5], "y": [None, 3], "name": "Risk"}]
    assert chart.layout["xaxis"]["title"]["text"] == "Risk (0-100)"
    assert _all_plain(chart.figure)
    assert json.loads(json.dumps(chart.figure)) == chart.figure


@pytest.mark.parametrize("bad", [Decimal("1.5"), object(), {1, 2}])
def test_anything_but_plain_data_is_refused(bad):
    with pytest.raises(TypeError, match=r"data\[0\]\.x\[0\]"):
        _chart(data=[{"type": "bar", "x": [bad]}])


def test_a_trace_type_outside_the_vendored_bundle_is_refused():
    assert SUPPORTED_TRACES == {"bar", "scatter", "pie"}
    for kind in ("scatterpolar", "heatmap", None):
        with pytest.raises(ValueError, match="vendored plotly bundle"):
            _chart(data=[{"type": kind, "r": [1]}])


def test_plain_keeps_numbers_and_text():
    assert plain({"a": (1, True, None, "x")}) == {"a": [1, True, None, "x"]}
    assert plain(float("inf")) is None


# --- the one include ------------------------------------------------------------------------------------
def test_the_include_renders_caption_chart_figure_and_table():
    chart = _chart(summary="Residents are a third of the body.")
    html = _render(chart)
    assert '<figcaption id="demo-chart-caption" class="chart-caption">Members by sector</figcaption>' in html
    container = re.search(r'<div id="demo-chart"[^>]*>', html).group(0)
    assert 'role="img"' in container and 'class="chart js-chart"' in container
    assert 'aria-label="Members by sector: Residents are a third of the body."' in container
    assert 'data-figure="demo-chart-figure"' in container and "min-height: 300px" in container
    figure = re.search(r'<script id="demo-chart-figure" type="application/json">(.*?)</script>', html, re.S)
    assert json.loads(figure.group(1)) == chart.figure
    assert "<caption>Members by sector</caption>" in html
    assert '<th scope="col">Sector</th><th scope="col">Members</th>' in html
    assert '<th scope="row"><bdi>Residents</bdi></th><td><bdi>3</bdi></td>' in html
    assert '<details class="data-table">' in html


def test_figure_json_cannot_break_out_of_its_script():
    chart = _chart(data=[{"type": "bar", "x": [1], "name": "</script><script>alert(1)</script>"}])
    html = _render(chart)
    assert "<script>alert(1)" not in html and "\\u003C/script\\u003E" in html


def test_the_scripts_come_once_deferred_after_the_first_chart():
    html = _render(_chart(), _chart(id="second"))
    bundle = f'<script src="/static/{PLOTLY_BUNDLE}" defer></script>'
    assert html.count(bundle) == 1
    assert html.count('<script src="/static/js/charts.js" defer></script>') == 1
    assert html.index(bundle) < html.index("js/charts.js")
    # the same without a request (a template rendered in a job)
    assert _render(_chart(), _chart(id="second"), request=False).count(bundle) == 1


def test_the_table_can_open_by_default():
    assert '<details class="data-table" open>' in _render(_chart(table_open=True))


def test_one_chart_template_only():
    templates = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    charts = [p for p in templates if p.name == "chart.html"]
    assert [str(p.relative_to(ROOT)) for p in charts] == ["core/templates/core/chart.html"]
    assert render_to_string("core/chart.html", {"chart": _chart()}).count("role=\"img\"") == 1


# --- the one script: defaults and the plotly configuration ----------------------------------------
def test_the_mode_bar_and_every_cloud_link_are_off_in_the_one_script():
    script = (ROOT / "static/js/charts.js").read_text(encoding="utf-8")
    config = re.search(r"var CONFIG = Object\.freeze\(\{(.*?)\}\);", script, re.S).group(1)
    for key in ("displayModeBar", "displaylogo", "showLink", "showSendToCloud", "showEditInChartStudio"):
        assert re.search(rf"\b{key}: false\b", config), key
    # the page's own config is never merged in: newPlot gets CONFIG itself
    assert re.search(r"Plotly\.newPlot\(container, figure\.data, merge\(defaults\(\), figure\.layout \|\| \{\}\), "
                     r"CONFIG\)", script)


def test_the_vendored_bundle_is_the_partial_one_with_its_license():
    bundle = ROOT / "static" / PLOTLY_BUNDLE
    head = bundle.read_text(encoding="utf-8")[:300]
    assert "plotly.js (basic - minified)" in head and "Licensed under the MIT license" in head
    assert bundle.stat().st_size < 2_000_000  # the full plotly.min.js is 4.8 MB
    assert "MIT License" in (bundle.parent / "LICENSE").read_text(encoding="utf-8")


# --- no other way in -------------------------------------------------------------------------------
CDN = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_no_template_loads_plotly_from_the_wheel_or_a_cdn():
    templates = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    assert len(templates) > 30
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert "plotly.min.js" not in text and "plotly-latest" not in text, path
        assert "cdn.plot.ly" not in text and not CDN.search(text), path
        if path.name != "chart.html":
            assert "plotly" not in text.lower() or "js-plotly" in text, f"{path}: charts go through core/chart.html"


def test_no_app_builds_figures_with_plotlys_python_package():
    for app in ("core", "accounts", "municipalities", "selection", "mou", "steering", "mapping", "design_forum",
                "teams", "collective_plan", "investments", "compass"):
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                assert not any(n.split(".")[0] == "plotly" for n in names), f"{path}:{node.lineno}"


# --- the charts of the stages are built the same way ---------------------------------------------------
@pytest.mark.django_db
def test_the_composition_chart_is_plain_and_mirrors_its_table(tenant_a):
    from steering import charts, selectors, services
    from steering.defaults import BodyKind
    from tests import factories

    m = tenant_a.municipality
    with translation.override("en"), tenancy.scope(m):
        body = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE, name="C",
                                    by=None)
        for sector in ("residents", "residents", "business"):
            services.member_add(body=body, person=factories.PersonFactory(municipality=m, sector=sector), by=None)
        chart = charts.composition_chart(selectors.body_composition(body=body))
    assert _all_plain(chart.figure) and {t["type"] for t in chart.data} == {"bar"}
    assert chart.headers[0] == "Sector" and len(chart.rows) == len(chart.data[0]["y"])
    residents = next(r for r in chart.rows if r[0] == "Residents")
    assert residents[1] == 2 and residents[2] == "66.7%"


@pytest.mark.django_db
def test_chart_pages_load_the_bundle_and_other_pages_do_not(tenant_a, client_for):
    from core.roles import Role
    from steering import services
    from steering.defaults import BodyKind

    with tenancy.scope(tenant_a.municipality):
        body = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE, name="C",
                                    by=None)
    client = client_for(tenant_a.user(Role.VIEWER))
    slug = tenant_a.municipality.slug
    page = client.get(f"/m/{slug}/steering/bodies/{body.pk}/").content.decode()
    assert page.count(PLOTLY_BUNDLE) == 1 and page.count('class="chart js-chart"') == 1
    head = page.split("</head>")[0]
    assert "plotly" not in head  # never render-blocking in <head>
    home = client.get(f"/m/{slug}/").content.decode()
    assert "plotly" not in home and "charts.js" not in home
