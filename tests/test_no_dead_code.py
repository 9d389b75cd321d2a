"""Issue 18, item 5: no function that nothing calls.

A module-level function of an app that no code, template or setting names is dead: a
newcomer reads it, wonders who uses it, and finds no one. Decorated functions (hooks,
receivers, template tags, tasks) are called by their framework and are left out.
"""

import ast
import re
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = (
    "portal",
    "portfolios",
    "vacancies",
    "search",
    "intermediaries",
    "socialreturn",
    "events",
    "api",
)
NOT_SOURCE = {".venv", "var", "node_modules", "vendor"}


def _mentions() -> Counter:
    """How often each word stands in the project's code, templates and scripts."""
    words: Counter = Counter()
    for path in BASE_DIR.rglob("*"):
        if path.suffix in (".py", ".html", ".txt", ".js") and not NOT_SOURCE & set(path.parts):
            words.update(re.findall(r"\w+", path.read_text(errors="ignore")))
    return words


def _plain_functions():
    for app in APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts) or path.name == "factories.py":
                continue
            for node in ast.parse(path.read_text()).body:
                if isinstance(node, ast.FunctionDef) and not node.decorator_list:
                    yield f"{path.relative_to(BASE_DIR)}:{node.lineno}", node.name


def test_every_plain_function_is_named_somewhere_besides_its_definition():
    mentions = _mentions()

    unused = [where for where, name in _plain_functions() if mentions[name] <= 1]

    assert unused == []
