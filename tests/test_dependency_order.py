"""Apps depend one way, bottom up (README, "Where things live"); this test holds the order.

A lower app never imports a higher one: it sends a signal after commit or offers a
registry the higher app fills. Tests, migrations and factories may reach across.
The few upward imports that are still there are listed by name below, so that no
new one can come in unnoticed, and a fixed one must be struck from the list.
"""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Lower number = lower layer. Apps in the same layer do not import each other either.
LAYERS = {
    "portal": 0,
    "portfolios": 1,
    "vacancies": 1,
    "search": 2,
    "intermediaries": 3,
    # Training centres work with intermediaries' people and read their proposals.
    "training": 4,
    "socialreturn": 5,
    "events": 5,
    "api": 6,
    # The demo data fills every app, so it sits above them all; only tests import it.
    "demo": 7,
}

# Known upward imports, to be removed (issue 18, item 2): module -> what it imports.
KNOWN_UPWARD_IMPORTS: dict[str, set[str]] = {}


def _app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LAYERS else None


def _modules(*, with_factories_and_migrations: bool = False):
    for app in LAYERS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            relative = path.relative_to(BASE_DIR)
            if "tests" in relative.parts:
                continue
            if not with_factories_and_migrations and (
                "migrations" in relative.parts or path.name == "factories.py"
            ):
                continue
            module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            if _app_of(module) is not None:
                yield module, path


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _upward_imports() -> dict[str, set[str]]:
    upward: dict[str, set[str]] = {}
    for module, path in _modules():
        app = _app_of(module)
        for imported in _imports(path):
            target = _app_of(imported)
            if target and target != app and LAYERS[target] >= LAYERS[app]:
                upward.setdefault(module, set()).add(imported)
    return upward


def test_no_app_imports_an_app_above_or_beside_it():
    upward = _upward_imports()
    new = {
        module: sorted(imported - KNOWN_UPWARD_IMPORTS.get(module, set()))
        for module, imported in upward.items()
        if imported - KNOWN_UPWARD_IMPORTS.get(module, set())
    }
    assert not new, f"imports against the app order (README): {new}"


def test_the_list_of_known_upward_imports_only_shrinks():
    upward = _upward_imports()
    fixed = {
        module: sorted(imported - upward.get(module, set()))
        for module, imported in KNOWN_UPWARD_IMPORTS.items()
        if imported - upward.get(module, set())
    }
    assert not fixed, f"fixed, so strike them from KNOWN_UPWARD_IMPORTS: {fixed}"


def test_nothing_but_tests_imports_the_demo_data():
    # Factories and migrations may reach across layers, but not into the demo: the demo
    # is built from them, and a portal without demo data must still start.
    importers = {
        module: demo_imports
        for module, path in _modules(with_factories_and_migrations=True)
        if _app_of(module) != "demo"
        and (demo_imports := sorted(i for i in _imports(path) if _app_of(i) == "demo"))
    }
    assert not importers, f"only tests may import the demo data: {importers}"
