"""The import rule: the foundation (core/) imports no area app.

Arrows point down only: every app may import `core`, and `core` imports nothing of the
project but itself (Django and third-party packages are fine). Checked on the source
with `ast`, so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = "core"
# Our own top-level packages (found on disk) plus the apps announced in issue #9, so the
# rule holds for them the day they appear.
ANNOUNCED_APPS = {"members", "funds", "taxonomy", "coaching", "peer_exchange", "badges", "network_portal"}


def project_packages(root: Path) -> set[str]:
    return {path.parent.name for path in root.glob("*/__init__.py")} | ANNOUNCED_APPS


def imported_modules(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in the file at `path`, whose own
    package is `package` (dotted), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1] if node.level <= len(parts) else []
                module = ".".join([*base, node.module] if node.module else base) or "."
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def foundation_violations(root: Path, foundation: str, forbidden: set[str]) -> list[str]:
    """Every import, anywhere under `root/foundation`, of a package in `forbidden` (or a
    relative import that climbs out of the foundation), as "path:line imports module"."""
    violations = []
    for path in sorted((root / foundation).rglob("*.py")):
        relative = path.relative_to(root)
        package = ".".join(relative.with_suffix("").parts[:-1])
        for line, module in imported_modules(path, package):
            top = module.split(".")[0]
            if top in forbidden or top in {"", "."}:
                violations.append(f"{relative}:{line} imports {module}")
    return violations


def test_the_foundation_imports_no_area_app():
    forbidden = project_packages(ROOT) - {FOUNDATION}
    assert {"members", "funds", "network_portal"} <= forbidden
    assert foundation_violations(ROOT, FOUNDATION, forbidden) == []


def test_the_checker_finds_an_area_app_imported_by_the_foundation(tmp_path):
    (tmp_path / "core" / "outbox").mkdir(parents=True)
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "outbox" / "__init__.py").write_text("")
    (tmp_path / "core" / "clean.py").write_text(
        "from django.db import models\nimport core.errors\nfrom . import slugs\nfrom .outbox import models\n"
    )
    (tmp_path / "core" / "outbox" / "bad.py").write_text(
        "import funds.models\n"
        "from .. import errors\n"
        "def later():\n"
        "    from members.models import User\n"
        "    from ... import funds\n"
    )

    violations = foundation_violations(tmp_path, "core", {"members", "funds"})

    assert violations == [
        "core/outbox/bad.py:1 imports funds.models",
        "core/outbox/bad.py:4 imports members.models",
        "core/outbox/bad.py:5 imports .",
    ]


def test_the_session_engine_imports_no_app_that_owns_sessions():
    """events/ is shared by coaching/ and peer_exchange/ (and read by courses, badges):
    it may import core, taxonomy and members, never an app built on it."""
    forbidden = project_packages(ROOT) - {"events", "core", "taxonomy", "members"}
    assert {"coaching", "peer_exchange", "funds"} <= forbidden
    assert foundation_violations(ROOT, "events", forbidden) == []


def test_coaching_does_not_import_peer_exchange_nor_the_reverse():
    for app, other in (("coaching", "peer_exchange"), ("peer_exchange", "coaching")):
        if (ROOT / app).exists():
            assert foundation_violations(ROOT, app, {other}) == []
