"""The product's URL map plus the benchmarks' floor: a view of the same stack that does no I/O."""
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__trivial__", trivial), *product_urlpatterns]
