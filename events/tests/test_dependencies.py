"""Events sit above intermediaries: no lower app imports them, and the
scheduling engine stays plain Python so it can be tested and benchmarked on its own."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER_APPS = ("portal", "portfolios", "vacancies", "search", "intermediaries")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_no_lower_app_imports_events():
    offenders = [
        str(path.relative_to(ROOT))
        for app in LOWER_APPS
        for path in (ROOT / app).rglob("*.py")
        if "events" in _imports(path)
    ]
    assert offenders == []


def test_the_scheduling_engine_imports_no_django_and_no_app():
    offenders = {
        str(path.relative_to(ROOT)): _imports(path) & {"django", *LOWER_APPS}
        for path in (ROOT / "events" / "scheduling").rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
