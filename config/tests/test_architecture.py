"""The layers point down only, and no module grows past what one can read in one sitting.

core is the bottom layer and imports no app of ours; questions and accounts build on core;
interview on those; the add-on apps (practice, feedback, and the voice and bank apps to come)
on anything below them, and nothing below imports them: they plug in through registries
and signals. config names apps only as strings (settings) and `include("app.urls")`.

The modules are read with `ast`, not imported, so every import counts, a function's own
imports included. Tests may use any app, and another app's test factories, but never its
conftest or test modules.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CORE_ROOMS = ("core", "questions", "accounts", "interview", "config")
ADD_ONS = ("practice", "feedback", "voice", "banks")
# Which of our apps each app may import (besides itself).
ALLOWED = {
    "core": set(),
    "questions": {"core"},
    "accounts": {"core"},
    "interview": {"core", "questions", "accounts"},
    "config": {"core"},
    **{add_on: {"core", "questions", "accounts", "interview"} for add_on in ADD_ONS},
}
APPS = tuple(ALLOWED)
MAX_LINES = 300
# Folders that are never ours to check.
SKIPPED_DIRS = {".venv", "venv", "node_modules", ".git", "staticfiles", "__pycache__"}
# What a test may import from another app's tests package (shared fixtures live in the root
# conftest.py, shared helpers in a test-support module outside the apps' tests packages).
SHARED_TEST_MODULES = {"factories"}


@dataclass(frozen=True)
class Module:
    """One Python file: where it lives (relative to the root) and its text."""

    path: str
    text: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(Path(self.path).parts)

    @property
    def app(self) -> str:
        return self.parts[0]

    @property
    def is_test(self) -> bool:
        name = self.parts[-1]
        return (
            "tests" in self.parts[:-1]
            or name.startswith("test_")
            or name == "conftest.py"
            or self.app == "browser_tests"
        )

    @property
    def is_migration(self) -> bool:
        return "migrations" in self.parts[:-1]


def imported_modules(text: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every absolute import in the source, at any depth."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from app.tests import factories` imports app.tests.factories.
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def layering_violations(modules: list[Module], first_party: set[str]) -> list[str]:
    """Every import that points up or sideways, or into another app's test modules."""
    violations = []
    for module in modules:
        if module.app not in ALLOWED and not module.is_test:
            continue  # tooling (bench/, manage.py) may use anything
        for line, name in imported_modules(module.text):
            parts = name.split(".")
            target = parts[0]
            if target not in first_party or target == module.app:
                continue
            where = f"{module.path}:{line} imports {name}"
            if module.is_test:
                if "tests" in parts[1:] and not _is_shared_test_module(parts):
                    violations.append(f"{where}: of another app's tests, import only factories")
            elif module.app in ALLOWED and target not in ALLOWED[module.app]:
                allowed = ", ".join(sorted(ALLOWED[module.app])) or "no app of ours"
                violations.append(f"{where}: {module.app} may import {allowed}")
    return violations


def _is_shared_test_module(parts: list[str]) -> bool:
    """`app.tests.factories` (and names inside it), nothing else of a tests package."""
    index = parts.index("tests")
    return index + 1 < len(parts) and parts[index + 1] in SHARED_TEST_MODULES


def size_violations(modules: list[Module], scripts: dict[str, str]) -> list[str]:
    """Python modules (tests, migrations and bench aside) and scripts over MAX_LINES."""
    violations = []
    for module in modules:
        if module.is_test or module.is_migration or module.app == "bench":
            continue
        lines = len(module.text.splitlines())
        if lines > MAX_LINES:
            violations.append(f"{module.path}: {lines} lines (at most {MAX_LINES}); split it")
    for path, text in scripts.items():
        lines = len(text.splitlines())
        if lines > MAX_LINES:
            violations.append(f"{path}: {lines} lines (at most {MAX_LINES}); split it")
    return violations


# One rule, one place: code that asks these questions calls the one function that answers it.
ONE_PLACE_RULES = (
    ('.startswith("zh")', "core/text.py", "is_chinese()"),
    ("timezone.now()", "core/clock.py", "core.clock.now()"),
)


def rule_violations(modules: list[Module]) -> list[str]:
    """Application code that spells out a rule that has a home of its own."""
    violations = []
    for module in modules:
        if module.is_test or module.is_migration or module.app == "bench":
            continue
        for spelled, home, instead in ONE_PLACE_RULES:
            if module.path != home and spelled in module.text:
                violations.append(f"{module.path}: spells out {spelled}; call {instead}")
    return violations


def _ours(path: Path) -> bool:
    return not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)


def project_modules() -> list[Module]:
    return [
        Module(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        for path in sorted(ROOT.rglob("*.py"))
        if _ours(path)
    ]


def project_scripts() -> dict[str, str]:
    """Our own JavaScript: vendored files (minified, or under a vendor folder) aside."""
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "static" / "js").rglob("*.js"))
        if _ours(path) and "vendor" not in path.parts and not path.name.endswith(".min.js")
    }


def first_party_packages() -> set[str]:
    """Top-level packages and modules of this repository."""
    names = {path.stem for path in ROOT.glob("*.py")}
    names |= {path.parent.name for path in ROOT.glob("*/__init__.py") if _ours(path.parent)}
    return names | set(APPS)


def report(violations: list[str]) -> str:
    return "\n".join([f"{len(violations)} found:", *violations])


# The project itself


def test_layers_point_down_only():
    violations = layering_violations(project_modules(), first_party_packages())
    assert not violations, report(violations)


def test_no_module_or_script_is_too_long_to_read_in_one_sitting():
    violations = size_violations(project_modules(), project_scripts())
    assert not violations, report(violations)


def test_each_rule_is_written_in_one_place():
    violations = rule_violations(project_modules())
    assert not violations, report(violations)


def test_a_rule_written_out_again_is_reported():
    copied = Module("questions/views.py", 'chinese = language.startswith("zh")\n')
    clock = Module("accounts/views.py", "stamp = timezone.now()\n")
    home = Module("core/text.py", 'return language.startswith("zh")\n')
    test = Module("questions/tests/test_x.py", "now = timezone.now()\n")
    assert len(rule_violations([copied, clock, home, test])) == 2


def test_the_check_sees_every_app():
    found = {module.app for module in project_modules()}
    assert set(APPS) <= found
    assert set(APPS) <= first_party_packages()
    assert "static/js/site.js" in project_scripts()


# The checker itself, on made-up modules

FIRST_PARTY = set(APPS) | {"bench"}


def violations_of(path: str, text: str) -> list[str]:
    return layering_violations([Module(path, text)], FIRST_PARTY)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("core/views.py", "from questions.models import Question\n"),
        ("core/views.py", "def view():\n    import interview.models\n"),
        ("questions/views.py", "from accounts.models import User\n"),
        ("accounts/views.py", "from practice.models import Card\n"),
        ("interview/views.py", "from practice import views\n"),
        ("interview/services/answers.py", "import feedback.receivers\n"),
        ("config/urls.py", "from practice.views import home\n"),
        ("config/wsgi.py", "from feedback.statements import warm_up\n"),
        ("practice/views.py", "from feedback.models import Coverage\n"),
        ("core/migrations/0002_x.py", "from questions.models import Question\n"),
        ("core/tests/test_x.py", "from interview.tests.conftest import clock\n"),
        ("feedback/tests/test_x.py", "from core.tests import test_malformed_input\n"),
        ("browser_tests/test_x.py", "from interview.tests.test_views import START\n"),
    ],
)
def test_an_arrow_the_wrong_way_is_reported(path, text):
    violations = violations_of(path, text)
    assert len(violations) == 1
    assert violations[0].startswith(f"{path}:")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("core/views.py", "from django.db import models\nfrom core.theme import ThemeForm\n"),
        ("core/views.py", "from .theme import ThemeForm\n"),
        ("questions/views.py", "from core.htmx import wants_fragment\n"),
        ("interview/views.py", "from questions.models import Question\nimport accounts\n"),
        ("practice/apps.py", "def ready():\n    from interview import extensions\n"),
        ("feedback/admin.py", "from questions.models import Question\n"),
        ("config/urls.py", "from core import pages, views\n"),
        ("core/tests/test_x.py", "from accounts.tests.factories import UserFactory\n"),
        ("core/tests/test_x.py", "from practice.tests import factories\n"),
        ("core/tests/test_x.py", "from feedback.models import Coverage\n"),
        ("interview/tests/test_x.py", "from interview.tests.conftest import START\n"),
        ("bench/seed.py", "from practice.models import Card\n"),
        ("manage.py", "import sys\n"),
    ],
)
def test_an_arrow_that_points_down_passes(path, text):
    assert violations_of(path, text) == []


def test_long_modules_and_scripts_are_reported_and_the_exempt_ones_are_not():
    long = "x = 1\n" * (MAX_LINES + 1)
    modules = [
        Module("interview/views.py", long),
        Module("interview/forms.py", "x = 1\n" * MAX_LINES),
        Module("interview/tests/test_views.py", long),
        Module("interview/migrations/0001_initial.py", long),
        Module("bench/run.py", long),
        Module("conftest.py", long),
    ]
    scripts = {"static/js/interview.js": long, "static/js/site.js": "let x;\n"}
    assert size_violations(modules, scripts) == [
        f"interview/views.py: {MAX_LINES + 1} lines (at most {MAX_LINES}); split it",
        f"static/js/interview.js: {MAX_LINES + 1} lines (at most {MAX_LINES}); split it",
    ]
