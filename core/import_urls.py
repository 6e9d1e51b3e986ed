from django.urls import path

from core import import_views

hq_urlpatterns = ([path("<int:pk>/", import_views.hq_job, name="hq_job")], "imports")
tenant_urlpatterns = ([path("<int:pk>/", import_views.tenant_job, name="job")], "tenant_imports")
