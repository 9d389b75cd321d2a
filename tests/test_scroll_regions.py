"""Every scrollable table region can be reached and named with the keyboard (axe: scrollable-region-focusable)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The class that scrolls sideways (portal/static/css/components.css: .table-wrap).
OPENING = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\btable-wrap\b[^\"]*\"[^>]*>")


def _templates():
    for path in ROOT.rglob("templates/**/*.html"):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            yield path


def test_every_scroll_region_is_focusable_and_named():
    found, wrong = 0, []
    for path in _templates():
        for tag in OPENING.findall(path.read_text(encoding="utf-8")):
            found += 1
            named = "aria-label=" in tag or "aria-labelledby=" in tag
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or not named:
                wrong.append(f"{path.relative_to(ROOT)}: {tag}")
    assert found >= 5
    assert not wrong, "\n".join(wrong)
