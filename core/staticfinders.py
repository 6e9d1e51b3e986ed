"""Serve front-end files that ship inside Python wheels, so nothing is copied or fetched from a CDN:
plotly.js comes from the plotly wheel (htmx is served by django-htmx's own static files)."""
import os
from importlib import util

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE_FILES = {
    "vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js"),
}


def _package_path(package, relative):
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], relative)
    return path if os.path.exists(path) else None


class PackageDataFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        target = PACKAGE_FILES.get(path)
        if not target:
            return [] if find_all else None
        found = _package_path(*target)
        if found is None:
            return [] if find_all else None
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for name, target in PACKAGE_FILES.items():
            found = _package_path(*target)
            if found:
                directory = os.path.dirname(found)
                storage = FileSystemStorage(location=directory)
                storage.prefix = os.path.dirname(name)
                yield os.path.basename(found), storage
