"""Issue 18, item 5: what the code imports is declared, and what is declared is used.

`make lock` installs the project from pyproject.toml and freezes what came with it. A
package the code imports that no declared package brings along silently drops out of
the lock (pygal once did); one declared and never used only weighs (wagtail-factories did).
"""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

BASE_DIR = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
SKIP = {".venv", "var", "node_modules", "static", "migrations"}
# Declared packages the code reaches without importing them, and why they are declared.
USED_WITHOUT_IMPORT = {
    # Django's Argon2 password hasher (PASSWORD_HASHERS) imports it.
    "argon2-cffi",
    # Named by dotted path in the settings (MIDDLEWARE, STORAGES).
    "whitenoise",
}


def _name(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _local_modules() -> set[str]:
    return {path.name for path in BASE_DIR.iterdir() if path.is_dir()} | {
        path.stem for path in BASE_DIR.glob("*.py")
    }


def _imports(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - _local_modules() - set(sys.stdlib_module_names) - {"__future__"}


def _is_test(path: Path) -> bool:
    relative = path.relative_to(BASE_DIR)
    return "tests" in relative.parts or path.name == "conftest.py"


def _sources() -> list[Path]:
    return [
        path for path in BASE_DIR.rglob("*.py") if not SKIP & set(path.relative_to(BASE_DIR).parts)
    ]


def _with_everything_they_bring(requirements: list[str]) -> set[str]:
    """The declared distributions and, recursively, what each of them requires."""
    seen: set[str] = set()
    todo = [Requirement(requirement) for requirement in requirements]
    while todo:
        requirement = todo.pop()
        name = _name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            required = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            continue  # an extra this environment does not install (locust for `make soak`)
        for line in required:
            needed = Requirement(line)
            extras = requirement.extras or {""}
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in extras
            ):
                todo.append(needed)
    return seen


def _distributions_of(module: str) -> set[str]:
    # A package that is not installed here is known by its module's name.
    return {_name(name) for name in metadata.packages_distributions().get(module, [module])}


def _undeclared(imports: set[str], available: set[str]) -> list[str]:
    return sorted(module for module in imports if not _distributions_of(module) & available)


def test_everything_the_application_imports_is_declared_or_brought_by_a_declared_package():
    main = _with_everything_they_bring(PYPROJECT["project"]["dependencies"])
    application = [path for path in _sources() if not _is_test(path)]

    assert _undeclared(_imports(application), main) == []


def test_everything_the_tests_import_is_declared_with_the_test_extras():
    everything = _with_everything_they_bring(
        PYPROJECT["project"]["dependencies"]
        + [
            requirement
            for extra in PYPROJECT["project"]["optional-dependencies"].values()
            for requirement in extra
        ]
    )
    tests = [path for path in _sources() if _is_test(path)]

    assert _undeclared(_imports(tests), everything) == []


def test_every_declared_package_is_used():
    imported = {
        distribution
        for module in _imports(_sources())
        for distribution in _distributions_of(module)
    }
    declared = {
        _name(Requirement(requirement).name) for requirement in PYPROJECT["project"]["dependencies"]
    }
    # Command-line tools the project runs (gunicorn in the container, pybabel in `make`).
    tools = {"gunicorn", "babel"}

    assert sorted(declared - imported - USED_WITHOUT_IMPORT - tools) == []
