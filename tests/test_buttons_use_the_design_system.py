"""Every button in our templates is a design-system button with a known emphasis.

A `<button>` without the `utrecht-button` class is drawn by the browser (grey and small,
the employer's "Plannen" was one), and a class the stylesheets do not define does nothing
(a leftover `button--secondary` left "Make a new file" as loud as the first time).
"""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = (
    "portal",
    "portfolios",
    "vacancies",
    "intermediaries",
    "search",
    "socialreturn",
    "events",
    "api",
)
STYLESHEETS = (
    BASE_DIR / "portal/static/vendor/utrecht-component-library-css/index.css",
    BASE_DIR / "portal/static/css/components.css",
)
BUTTON = re.compile(r"<button\b[^>]*>", re.S)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _templates():
    for app in APPS:
        yield from (BASE_DIR / app).rglob("templates/**/*.html")


def _defined_classes() -> set[str]:
    css = "".join(path.read_text() for path in STYLESHEETS)
    return set(re.findall(r"\.([a-zA-Z][\w-]*)", css))


def test_every_button_starts_with_the_design_system_class():
    bare = [
        f"{path.relative_to(BASE_DIR)}: {tag[:80]}"
        for path in _templates()
        for tag in BUTTON.findall(path.read_text())
        # The class comes first and unconditionally, so no branch leaves it out.
        if not re.match(r'<button\b(?:[^>{]|\{\{.*?\}\})*class="utrecht-(link-)?button\b', tag)
    ]
    assert bare == []


def test_every_button_class_is_defined_in_the_stylesheets():
    defined = _defined_classes()
    unknown = set()
    for path in _templates():
        for tag in BUTTON.findall(path.read_text()):
            for value in re.findall(r'class="([^"]*)"', TEMPLATE_TAG.sub(" ", tag)):
                unknown |= {
                    f"{path.relative_to(BASE_DIR)}: {name}"
                    for name in value.split()
                    if name.startswith(("utrecht-", "button")) and name not in defined
                }
    assert unknown == set()
