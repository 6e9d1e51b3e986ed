"""`{% chart_scripts %}`: the scripts that draw charts, emitted once per page by the first chart
(core/chart.html calls it), so pages without a chart never load plotly.js."""
from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from core.charts import PLOTLY_BUNDLE

register = template.Library()
FLAG = "_chart_scripts_emitted"


@register.simple_tag(takes_context=True)
def chart_scripts(context):
    # The request is shared by every template of one response (includes, {% extends %}, partials);
    # without a request (render_to_string in a job), the context object is.
    holder = context.get("request") or context
    if getattr(holder, FLAG, False):
        return ""
    setattr(holder, FLAG, True)
    return format_html('<script src="{}" defer></script>\n<script src="{}" defer></script>',
                       static(PLOTLY_BUNDLE), static("js/charts.js"))
