from django.contrib import admin

from mapping.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_he", "name_en", "unit", "direction", "source"]
    search_fields = ["code", "name_he", "name_en"]
