"""The operability checker on fixtures: exact components and findings, and its skips."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.operability import OperabilityChecker, scoring
from pyreadiness.checkers.operability.checker import LIBRARY_REASON
from pyreadiness.checkers.operability.facts import file_facts
from pyreadiness.checkers.operability.rules import BY_ID
from pyreadiness.checkers.operability.settings import is_dev_path, is_settings_module
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.model import CheckResult, Profile, ProfileDecision, Severity, Status
from pyreadiness.score.model import decay
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result


def run(name: str, cache_dir: Path, profile: Profile | None = None) -> CheckResult:
    return run_at(FIXTURES / name, cache_dir, profile)


def run_at(root: Path, cache_dir: Path, profile: Profile | None = None) -> CheckResult:
    inv = build_inventory(root)
    decision = ProfileDecision(profile=profile, evidence="test") if profile else detect_profile(inv)
    ctx = CheckContext(root=root, inventory=inv, cache=Cache(cache_dir), profile=decision)
    return OperabilityChecker().run(ctx)


def test_service_with_everything_scores_full_marks(cache_dir: Path) -> None:
    result = run("ops-service-everything", cache_dir)
    assert result.metrics["service"] == ["FastAPI", "container entry point"]
    assert [(c.id, c.score) for c in result.components] == [
        ("logging", 100.0),
        ("metrics", 100.0),
        ("tracing", 100.0),
        ("health", 100.0),
        ("configuration", 100.0),
        ("print_calls", 100.0),
        ("async_hygiene", 100.0),  # readyz() awaits; nothing blocks
    ]
    assert result.findings == ()
    assert result.score == 100.0
    assert result.metrics["async_functions"] == 1
    health = next(c for c in result.components if c.id == "health")
    assert health.detail == "health checks: app/main.py:20, Dockerfile, k8s/deployment.yaml"


def test_service_with_nothing_loses_every_component(cache_dir: Path) -> None:
    result = run("ops-service-nothing", cache_dir)
    assert result.metrics["service"] == ["Flask"]
    assert [(c.id, c.score) for c in result.components] == [
        ("logging", 0.0),
        ("metrics", 0.0),
        ("tracing", 0.0),
        ("health", 0.0),
        ("configuration", 0.0),
        ("print_calls", 50.0),  # 2 prints over the 1-KLOC floor: decay(2, half_at=2)
    ]
    assert result.score == 5.6  # 50 x 1 / 9
    assert result.status is Status.FAILED
    # settings_local.py is local development: its DEBUG and SECRET_KEY are not findings.
    assert [(f.rule, f.path, f.line) for f in result.findings] == [
        ("ops-print", "shop/app.py", 8),
        ("ops-print", "shop/app.py", 13),
        ("ops-debug-server", "shop/app.py", 14),
        ("ops-debug-on", "shop/settings.py", 1),
        ("ops-literal-secret-key", "shop/settings.py", 2),
        ("ops-allowed-hosts-any", "shop/settings.py", 3),
        ("ops-credentials-in-settings", "shop/settings.py", 4),
        ("ops-hardcoded-endpoint", "shop/settings.py", 5),
    ]
    assert all("pa55word" not in f.message for f in result.findings)


def test_library_is_skipped_with_the_reason(cache_dir: Path) -> None:
    result = run("ops-library", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.reason == LIBRARY_REASON == "library: operability is its users' concern"


def test_no_service_is_skipped_not_zero(cache_dir: Path) -> None:
    result = run("ops-library", cache_dir, profile=Profile.APPLICATION)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith("no service found")


def test_library_skip_through_the_cli(cache_dir: Path) -> None:
    code, report = check_json(
        FIXTURES / "ops-library", "--select", "operability,deployment", cache_dir=cache_dir
    )
    assert code == 0
    assert check_result(report, "operability")["reason"] == LIBRARY_REASON
    assert check_result(report, "deployment")["status"] == "skipped"


def test_partial_levels_of_logging_and_tracing(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "app.py").write_text(
        "import logging\nimport sentry_sdk\nfrom flask import Flask\n"
        "logging.basicConfig()\napp = Flask(__name__)\n"
    )
    result = run_at(tmp_path, cache_dir, Profile.APPLICATION)
    scores = {c.id: c.score for c in result.components}
    assert scores["logging"] == scoring.LOGGING_CONFIGURED == 70.0
    assert scores["tracing"] == scoring.TRACING_ERRORS_ONLY == 60.0


def test_scoring_constants_and_curve_midpoint() -> None:
    assert scoring.WEIGHTS == {
        "logging": 2.0,
        "health": 2.0,
        "configuration": 2.0,
        "metrics": 1.0,
        "tracing": 1.0,
        "print_calls": 1.0,
        "async_hygiene": 1.0,
    }
    assert scoring.FILE_ONLY_SHARE == 0.5
    assert scoring.async_hygiene(4, blocking=1, file_only=2).score == 50.0  # 100 x (1 - 2/4)
    assert scoring.async_hygiene(2, blocking=3, file_only=0).score == 0.0  # floor
    assert (scoring.LOGGING_STRUCTURED, scoring.LOGGING_CONFIGURED, scoring.LOGGING_USED) == (
        100.0,
        70.0,
        30.0,
    )
    assert scoring.print_calls(2, 1000).score == 50.0  # the midpoint: 2 per KLOC
    assert scoring.print_calls(4, 2000).score == decay(2, half_at=2) == 50.0
    assert scoring.print_calls(3, 500).score == 35.4  # floor of 1 KLOC


def test_health_routes_from_decorators_and_url_confs() -> None:
    source = (
        "from django.urls import path\n"
        "urlpatterns = [path('api/v1/healthz/', view), path('users/', view)]\n"
        "@app.get('/status')\ndef s(): ...\n"
        "@app.get('/statuses')\ndef t(): ...\n"
        "state = d.get('status')\n"
        "application = health_check(application, '/health/')\n"
        "url = urljoin(base, 'utilities/ping')\n"
    )
    facts = file_facts("urls.py", source)
    assert facts.health_routes == (2, 3, 8)


def test_settings_modules_and_development_files() -> None:
    assert is_settings_module("proj/settings.py")
    assert is_settings_module("proj/settings/production.py")
    assert is_settings_module("proj/config.py")
    assert not is_settings_module("proj/views.py")
    assert is_dev_path("proj/settings/local.py")
    assert is_dev_path("proj/test_settings.py")
    assert is_dev_path("proj/settings_dev.py")
    assert not is_dev_path("proj/settings/production.py")


def test_unparseable_source_is_counted_not_fatal(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "app.py").write_text("from fastapi import FastAPI\n")
    (tmp_path / "broken.py").write_text("def (:\n")
    result = run_at(tmp_path, cache_dir, Profile.APPLICATION)
    assert result.metrics["files_unparsed"] == 1
    assert result.reason == "1 source files could not be parsed, so were not read"


def test_every_rule_is_documented() -> None:
    page = (FIXTURES.parent / "docs" / "checks" / "operability.md").read_text("utf-8")
    assert len(BY_ID) == 7
    for rule_id in BY_ID:
        assert f"`{rule_id}`" in page, rule_id


def test_migrations_and_hidden_folders_are_not_service_code(
    tmp_path: Path, cache_dir: Path
) -> None:
    files = {
        "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "app/migrations/0001_initial.py": "print('migrating')\n",
        "alembic/env.py": "from logging.config import fileConfig\nfileConfig('alembic.ini')\n",
        ".claude/skills/tool.py": "print('x')\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    result = run_at(tmp_path, cache_dir, Profile.APPLICATION)
    scores = {c.id: c.score for c in result.components}
    assert result.findings == ()
    assert scores["logging"] == 0.0  # alembic's fileConfig configures alembic, not the app
    assert result.metrics["files_read"] == 1


def test_weights_and_levels_in_the_docs_are_the_code() -> None:
    from tests.test_checks_docs_pinned import doc_text, weights_in

    assert weights_in("operability.md") == scoring.WEIGHTS
    text = doc_text("operability.md")
    for level in (scoring.LOGGING_STRUCTURED, scoring.LOGGING_CONFIGURED, scoring.LOGGING_USED):
        assert f"**{level:g}**" in text
    assert f"**{scoring.TRACING_ERRORS_ONLY:g}** with error reporting only" in text
    assert f"prints per KLOC / {scoring.PRINT_HALF_PER_KLOC:g}" in text
    high, medium = scoring.CONFIG_COST[Severity.HIGH], scoring.CONFIG_COST[Severity.MEDIUM]
    assert f"minus **{high:g}** per high and **{medium:g}** per medium" in text
