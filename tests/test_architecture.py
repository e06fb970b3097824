"""The house rules a reviewer should never have to check by hand: pure rules, small modules, layers that point down."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400  # DESIGN.md House style: modules under about 400 lines
SOURCES = sorted([*ROOT.glob("app/**/*.py"), *ROOT.glob("kiosk/**/*.py")])
RULES = [path for path in SOURCES if path.name == "rules.py"]
FRAMEWORKS = ("piccolo", "litestar", "litestar_htmx", "asyncpg", "aiosqlite")


def _imported(path: Path) -> set[str]:
    """Top-level packages a module imports, inside functions too."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_sources_and_the_rules_modules_are_found():
    assert len(SOURCES) > 150 and len(RULES) >= 9


@pytest.mark.parametrize("path", RULES, ids=[str(path.relative_to(ROOT)) for path in RULES])
def test_a_rules_module_imports_neither_the_orm_nor_the_web_framework(path: Path):
    assert not _imported(path) & set(FRAMEWORKS)


def test_the_check_for_frameworks_sees_an_import_inside_a_function(tmp_path: Path):
    sneaky = tmp_path / "rules.py"
    sneaky.write_text("def f():\n    from piccolo.table import Table\n    return Table\n")
    assert "piccolo" in _imported(sneaky)


def test_no_module_in_app_or_kiosk_passes_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in SOURCES
        # Lines that hold something: ruff format's blank lines and one-argument-a-line calls are not length
        if (lines := sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())) > MAX_LINES
    }
    assert too_long == {}


def _lint_imports() -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_dependencies_point_down_as_the_import_linter_contract_says():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " 0 broken" in result.stdout


def test_plant_settings_are_read_and_written_only_through_people_plant_settings():
    """One place for the JSON text, the change number kiosks pull and the audit entry (app/people/plant_settings.py)."""
    allowed = {"app/people/plant_settings.py", "app/people/tables.py", "app/people/sync.py"}
    touching = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if str(path.relative_to(ROOT)) not in allowed
        and any(
            isinstance(node, ast.Name) and node.id == "PlantSetting"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert touching == []


FORM_VERBS = ("parse_", "create_", "save_", "make_", "check_")


def _tuples_with_errors(source: str) -> list[str]:
    """Functions annotated to return (value, errors by field): a tuple holding dict[str, str], or for a form's
    parse_/create_/save_/make_/check_ function a bare dict. Such a function raises Refused instead."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.returns is None:
            continue
        returns = node.returns
        if isinstance(returns, ast.Constant) and isinstance(returns.value, str):
            returns = ast.parse(returns.value, mode="eval").body
        if not isinstance(returns, ast.Subscript) or ast.unparse(returns.value) not in ("tuple", "Tuple"):
            continue
        items = returns.slice.elts if isinstance(returns.slice, ast.Tuple) else [returns.slice]
        kinds = {part.strip() for item in items for part in ast.unparse(item).split("|")}
        if "dict[str, str]" in kinds or ("dict" in kinds and node.name.startswith(FORM_VERBS)):
            found.append(f"{node.name}:{node.lineno}")
    return found


def test_no_function_returns_its_errors_beside_its_value_a_form_is_refused_with_refused_fields():
    """app.errors.Refused is the one way to say no (Refused.fields for several fields); the old
    (value, errors) tuples must not come back."""
    returning = {
        str(path.relative_to(ROOT)): found
        for path in SOURCES
        if (found := _tuples_with_errors(path.read_text(encoding="utf-8")))
    }
    assert returning == {}


def test_the_check_for_error_tuples_sees_each_spelling():
    source = (
        "def parse_a(v) -> tuple[int | None, dict[str, str]]: ...\n"
        "async def create_b(v) -> tuple[str | None, dict]: ...\n"
        "def problems_c(v) -> 'tuple[dict[str, str], str]': ...\n"
        "def totals(v) -> tuple[int, dict[str, int]]: ...\n"
        "def row(v) -> tuple[dict, int]: ...\n"
    )
    assert _tuples_with_errors(source) == ["parse_a:1", "create_b:2", "problems_c:3"]
