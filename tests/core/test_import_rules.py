"""The import rules between apps (docs/architecture.md, "Public faces and import rules"), read from the
code itself: every .py file of every app, outside migrations/ and tests, parsed with `ast`.

- A stage is read through its `selectors` and written through its `services`: another app imports
  nothing else of it (no models, forms, views, helpers), except that a stage's `demo.py` may build on
  an earlier stage's `demo`.
- Nobody imports a `_private` name of another app, nor reaches one through an imported module
  (`steering_services._save`).
- A stage never imports a later stage. The one declared exception: stage 1 (selection) reads and
  refreshes the indicator store through `mapping.selectors` / `mapping.services`, because that store is
  the national registry every stage reads, and mapping (stage 5) owns it.
- The platform (`core`, `accounts`, `municipalities`) imports no stage app; `core` may import the two
  other platform apps (the user and the tenant its mechanisms guard).
A dynamic import with a constant name (`importlib.import_module("x.y")`, `apps.get_model("app", ...)`)
counts like a static one.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ("core", "accounts", "municipalities")
STAGE_ORDER = {"selection": 1, "mou": 2, "steering": 4, "mapping": 5, "design_forum": 6, "teams": 7,
               "collective_plan": 8, "investments": 9, "compass": 10}
APPS = PLATFORM + tuple(STAGE_ORDER)
PUBLIC_FACE = ("selectors", "services")
# (importing stage, imported later stage): the indicator store is the national registry (see the module
# docstring); only through the public face, like any other stage.
ALLOWED_FORWARD = {("selection", "mapping")}
CORE_MAY_IMPORT = ("accounts", "municipalities")
# Django's and simple-history's documented attributes that start with an underscore
PUBLIC_UNDERSCORE = {"_meta", "_default_manager", "_base_manager", "_history_user", "_change_reason"}


@dataclass(frozen=True)
class Import:
    module: str          # the dotted module imported (for `from a import b`: "a.b" when a is an app root)
    names: tuple         # names taken from it (empty for `import a.b`)
    line: int


def _app_of(module: str) -> str | None:
    head = module.split(".", 1)[0]
    return head if head in APPS else None


def _resolve_relative(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _constant_args(call: ast.Call):
    return [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def imports_of(source: str, *, module: str) -> tuple[list[Import], list[tuple[str, str, int]]]:
    """The imports of one file and the attributes read through an imported module
    ([(module, attribute, line)]), e.g. `services._save` after `from steering import services`."""
    tree = ast.parse(source)
    package = module.rsplit(".", 1)[0] if "." in module else module
    found, aliases, attributes = [], {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(alias.name, (), node.lineno))
                aliases[alias.asname or alias.name.split(".")[0]] = alias.asname and alias.name or \
                    alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_relative(node, package)
            if base in APPS:  # `from steering import services`: a submodule (or a name of the package)
                for alias in node.names:
                    found.append(Import(f"{base}.{alias.name}", (), node.lineno))
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            else:
                found.append(Import(base, tuple(a.name for a in node.names), node.lineno))
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = _constant_args(node)
            if name == "import_module" and args:
                found.append(Import(args[0], (), node.lineno))
            elif name == "get_model" and args:
                label = args[0].split(".")[0]
                found.append(Import(f"{label}.models", (), node.lineno))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and node.attr not in PUBLIC_UNDERSCORE:
            dotted, value = [], node.value
            while isinstance(value, ast.Attribute):
                dotted.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                target = ".".join([aliases[value.id], *dotted])
                attributes.append((target, node.attr, node.lineno))
    return found, attributes


def _file_violations(path: Path, source: str) -> list[str]:
    relative = path.relative_to(ROOT)
    module = ".".join(relative.with_suffix("").parts)
    app = relative.parts[0]
    filename = relative.name
    imports, attributes = imports_of(source, module=module)
    out = []

    def fail(line, message):
        out.append(f"{relative}:{line}: {message}")

    for imp in imports:
        target = _app_of(imp.module)
        if target is None or target == app:
            continue
        parts = imp.module.split(".")
        private = [n for n in imp.names if n.startswith("_")] + [p for p in parts[1:] if p.startswith("_")]
        if private:
            fail(imp.line, f"imports the private name {private[0]} of {target}")
        if app in PLATFORM:
            if target in STAGE_ORDER:
                fail(imp.line, f"the platform app {app} imports the stage app {target} ({imp.module})")
            elif app == "core" and target not in CORE_MAY_IMPORT:
                fail(imp.line, f"core imports {target}")
            continue
        if target in PLATFORM:
            continue
        # a stage importing another stage
        if STAGE_ORDER[target] > STAGE_ORDER[app] and (app, target) not in ALLOWED_FORWARD:
            fail(imp.line, f"stage {app} ({STAGE_ORDER[app]}) imports the later stage {target} "
                           f"({STAGE_ORDER[target]}): {imp.module}")
            continue
        face = parts[1] if len(parts) > 1 else None
        if face in PUBLIC_FACE:
            continue
        if face == "demo" and filename == "demo.py" and STAGE_ORDER[target] < STAGE_ORDER[app]:
            continue
        what = f"{target}.{face}" if face else target
        fail(imp.line, f"imports {what} of the stage {target}: read it through {target}.selectors, "
                       f"write through {target}.services")
    for target_module, attribute, line in attributes:
        target = _app_of(target_module)
        if target is not None and target != app:
            fail(line, f"uses the private {attribute} of {target_module}")
    return out


def app_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            yield path


def violations() -> list[str]:
    out = []
    for path in app_files():
        out += _file_violations(path, path.read_text(encoding="utf-8"))
    return out


def test_every_app_keeps_the_import_rules():
    found = violations()
    assert not found, "Import rules broken (docs/architecture.md, Public faces and import rules):\n" + \
        "\n".join(found)


def test_the_check_reads_every_app():
    files = list(app_files())
    apps = {p.relative_to(ROOT).parts[0] for p in files}
    assert apps == set(APPS)
    assert not any("migrations" in p.parts for p in files)
    assert len(files) > 100


# The checker itself: each rule catches what it should, on small sources placed in a real app folder.
def _check(app, source, filename="views.py"):
    return _file_violations(ROOT / app / filename, source)


@pytest.mark.parametrize("app, source, expected", [
    ("teams", "from steering.models import Meeting\n", "read it through steering.selectors"),
    ("teams", "from steering import models\n", "read it through steering.selectors"),
    ("teams", "import steering.forms\n", "read it through steering.selectors"),
    ("teams", "def f():\n    from steering.defaults import BodyKind\n", "read it through steering.selectors"),
    ("teams", "from steering.services import _save\n", "private name _save"),
    ("teams", "from steering import services as s\ns._save(1)\n", "private _save of steering.services"),
    ("teams", "import steering.services\nsteering.services._save(1)\n", "private _save of steering.services"),
    ("teams", "from municipalities import services\nservices._invite()\n", "private _invite"),
    ("teams", "from core.tenancy import _current\n", "private name _current of core"),
    ("steering", "from teams import services\n", "imports the later stage teams"),
    ("mou", "from compass.selectors import x\n", "imports the later stage compass"),
    ("selection", "from mapping.models import IndicatorValue\n", "read it through mapping.selectors"),
    ("core", "from steering import selectors\n", "platform app core imports the stage app steering"),
    ("municipalities", "from mou.selectors import x\n", "platform app municipalities imports the stage app mou"),
    ("core", "import importlib\nimportlib.import_module('teams.demo')\n", "imports the stage app teams"),
    ("teams", "from django.apps import apps\napps.get_model('steering', 'Body')\n", "steering.models"),
    ("teams", "from steering.demo import fill\n", "read it through steering.selectors"),
    ("steering", "from . import services\nfrom teams.demo import x\n", "later stage teams"),
])
def test_the_checker_catches(app, source, expected):
    found = _check(app, source)
    assert found and expected in found[0], found


@pytest.mark.parametrize("app, source, filename", [
    ("teams", "from steering import selectors, services\nservices.body_create()\n", "services.py"),
    ("teams", "from steering.selectors import meetings_held\n", "selectors.py"),
    ("teams", "from steering.demo import fill_meeting_history\n", "demo.py"),
    ("teams", "from municipalities.models import Person\nfrom core.tenancy import TenantModel\n", "models.py"),
    ("selection", "from mapping import selectors as indicators\n", "selectors.py"),
    ("core", "def f():\n    from municipalities.models import Membership\n", "access.py"),
    ("steering", "from steering.models import Body\nfrom steering import _local\n", "views.py"),
    ("teams", "x = obj._meta\ny = self._private\n", "views.py"),
])
def test_the_checker_allows(app, source, filename):
    assert _check(app, source, filename) == []
