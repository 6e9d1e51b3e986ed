"""The isolation test's "world": for municipality B, one or more rows of every tenant model, each
carrying MARKER_B in a text field, built by every app's `tests/<app>/world.py` (function
`build(*, tenant, marker)`), discovered by convention so a new app joins by adding that file."""
import importlib
import pkgutil
from pathlib import Path

import tests


def builders():
    found = []
    root = Path(tests.__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.world")
        except ModuleNotFoundError as exc:
            if exc.name == f"tests.{info.name}.world":
                continue
            raise
        found.append(module.build)
    return found


def build_world(*, tenant, marker):
    for build in builders():
        build(tenant=tenant, marker=marker)
