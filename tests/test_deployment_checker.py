"""The deployment checker on fixtures with exact findings, and on hostile input."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from pyreadiness.checkers.ci.yamlload import MAX_ALIASES, parse_yaml_all
from pyreadiness.checkers.deployment import DeploymentChecker, helm, scoring
from pyreadiness.checkers.deployment.dockerfile import image_ref, parse_dockerfile
from pyreadiness.checkers.deployment.eol import eol_reason
from pyreadiness.checkers.deployment.rules import ALL_RULES
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Finding, Severity, Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result, run_cli

CARELESS = [
    ("docker-eol-base", "Dockerfile", 1),
    ("docker-no-healthcheck", "Dockerfile", 1),
    ("docker-root-user", "Dockerfile", 1),
    ("docker-secret-value", "Dockerfile", 2),
    ("docker-secret-arg", "Dockerfile", 3),
    ("docker-add-url", "Dockerfile", 4),
    ("docker-apt-lists", "Dockerfile", 5),
    ("docker-apt-recommends", "Dockerfile", 5),
    ("docker-single-stage-build", "Dockerfile", 5),
    ("docker-pip-unpinned", "Dockerfile", 6),
    ("k8s-no-probes", "charts/app/templates/deployment.yaml", 9),
    ("k8s-no-resources", "charts/app/templates/deployment.yaml", 9),
    ("k8s-privilege-escalation", "charts/app/templates/deployment.yaml", 9),
    ("k8s-runs-as-root", "charts/app/templates/deployment.yaml", 9),
    ("k8s-writable-root", "charts/app/templates/deployment.yaml", 9),
    ("k8s-latest-image", "charts/app/templates/deployment.yaml", 10),
    ("compose-latest-image", "docker-compose.yml", 3),
    ("compose-privileged", "docker-compose.yml", 4),
    ("compose-host-network", "docker-compose.yml", 5),
    ("compose-plaintext-secret", "docker-compose.yml", 7),
    ("compose-latest-image", "docker-compose.yml", 9),
    ("tf-local-state", "infra/main.tf", None),
    ("tf-no-lock", "infra/main.tf", None),
    ("tf-public-bucket", "infra/main.tf", 4),
    ("tf-open-admin-port", "infra/main.tf", 9),
    ("tf-unencrypted-storage", "infra/main.tf", 24),
    ("k8s-no-probes", "k8s/deployment.yaml", 9),
    ("k8s-no-resources", "k8s/deployment.yaml", 9),
    ("k8s-latest-image", "k8s/deployment.yaml", 10),
    ("k8s-privilege-escalation", "k8s/deployment.yaml", 11),
    ("k8s-privileged", "k8s/deployment.yaml", 11),
    ("k8s-runs-as-root", "k8s/deployment.yaml", 11),
    ("k8s-writable-root", "k8s/deployment.yaml", 11),
    ("k8s-secret-in-env", "k8s/deployment.yaml", 14),
    ("k8s-host-path", "k8s/deployment.yaml", 17),
]


def run(name: str, cache_dir: Path) -> CheckResult:
    root = FIXTURES / name
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache_dir))
    return DeploymentChecker().run(ctx)


def rows(findings: tuple[Finding, ...]) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule, f.path, f.line) for f in findings]


def test_hardened_files_score_full_marks_with_no_finding(cache_dir: Path) -> None:
    result = run("deploy-hardened", cache_dir)
    assert result.findings == ()
    assert [(c.id, c.score) for c in result.components] == [
        ("dockerfile", 100.0),
        ("compose", 100.0),
        ("kubernetes", 100.0),
        ("helm", 100.0),
        ("terraform", 100.0),
    ]
    assert result.score == 100.0


def test_careless_files_every_rule_at_its_line(cache_dir: Path) -> None:
    result = run("deploy-careless", cache_dir)
    assert rows(result.findings) == CARELESS
    # Each file: 100 - 25 per high - 10 per medium - 3 per low distinct rule, floor 0.
    assert [(c.id, c.score) for c in result.components] == [
        ("dockerfile", 0.0),  # 2 high + 4 medium + 4 low = 102
        ("compose", 45.0),  # privileged 25 + latest 10 (twice, once) + host 10 + secret 10
        ("kubernetes", 0.0),
        ("helm", 47.0),  # 5 medium + 1 low
        ("terraform", 20.0),  # 2 high + 3 medium
    ]
    assert result.score == 19.9  # (0x2 + 45 + 0x2 + 47x2 + 20x2) / 9
    assert result.status is Status.FAILED
    assert result.metrics["high"] == 8
    secret = next(f for f in result.findings if f.rule == "docker-secret-value")
    assert "s3cr3t" not in secret.message  # the value is never printed


def test_no_deployment_file_is_skipped_not_full_marks(cache_dir: Path) -> None:
    result = run("ops-library", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith("no deployment files")


def test_bad_input_is_findings_never_a_traceback(cache_dir: Path) -> None:
    started = time.perf_counter()
    result = run("deploy-bad-input", cache_dir)
    assert time.perf_counter() - started < 10  # the alias bomb is neither expanded nor walked
    assert rows(result.findings) == [
        ("docker-no-healthcheck", "Dockerfile", 2),
        ("docker-pip-unpinned", "Dockerfile", 6),  # inside the heredoc; its USER root is not one
        ("helm-unrendered", "charts/c/templates/deployment.yaml", 11),
        ("deploy-unreadable", "infra/main.tf", 3),
        ("deploy-unreadable", "k8s/many-aliases.yaml", None),
    ]
    # The bomb's "containers" are lists, not containers: no evidence, so not scored.
    assert [(c.id, c.score) for c in result.components] == [("dockerfile", 87.0)]
    assert result.reason == "3 deployment files could not be read, so were not checked"


@pytest.mark.slow
def test_cli_runs_both_checkers_and_the_report_validates(cache_dir: Path) -> None:
    # A time limit: the hostile files must neither hang nor crash the real command.
    args = ("--select", "deployment,operability", "--format", "json", "--cache-dir", cache_dir)
    first = run_cli("check", FIXTURES / "deploy-bad-input", *args, timeout=120)
    assert "Traceback" not in first.stderr
    code, report = check_json(
        FIXTURES / "deploy-bad-input", "--select", "deployment,operability", cache_dir=cache_dir
    )
    assert code == 0
    assert check_result(report, "deployment")["score"] == 87.0
    again_code, again = check_json(
        FIXTURES / "deploy-bad-input", "--select", "deployment,operability", cache_dir=cache_dir
    )
    assert again_code == 0
    assert first.json()["checks"] == report["checks"]
    # A partial score (files left out) is measured again, never served whole from the cache.
    assert again["timings"]["checks"]["deployment"]["cached"] is False
    mine = [f for f in report["findings"] if f["check"] == "deployment"]
    assert len(mine) == 5
    assert [f for f in again["findings"] if f["check"] == "deployment"] == mine


@pytest.mark.slow
def test_a_complete_result_is_cached_by_content(tmp_path: Path, cache_dir: Path) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "deploy-careless", repo)
    args = ("--select", "deployment")
    _, cold = check_json(repo, *args, cache_dir=cache_dir)
    _, warm = check_json(repo, *args, cache_dir=cache_dir)
    assert warm["timings"]["checks"]["deployment"]["cached"] is True
    assert check_result(warm, "deployment")["score"] == check_result(cold, "deployment")["score"]
    dockerfile = repo / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("python:3.8", "python:3.12.7"))
    _, edited = check_json(repo, *args, cache_dir=cache_dir)
    assert edited["timings"]["checks"]["deployment"]["cached"] is False
    rules_after = {f["rule"] for f in edited["findings"] if f["check"] == "deployment"}
    assert "docker-eol-base" not in rules_after


def test_dockerfile_heredoc_continuation_and_escape_directive() -> None:
    parsed = parse_dockerfile((FIXTURES / "deploy-bad-input" / "Dockerfile").read_bytes())
    final = parsed.final
    assert final is not None
    assert [(i.name, i.line) for i in final.instructions] == [
        ("RUN", 3),
        ("RUN", 6),
        ("USER", 11),
    ]
    assert "pip install requests" in final.instructions[1].body


def test_build_argument_defaults_resolve_the_base_image() -> None:
    parsed = parse_dockerfile(b"ARG V=3.9\nFROM python:${V}-slim\n")
    assert parsed.stages[0].image == "python:3.9-slim"


@pytest.mark.parametrize(
    ("image", "floating"),
    [
        ("python", True),
        ("python:latest", True),
        ("python:3.12", False),
        ("python@sha256:abc", False),
        ("registry:5000/team/app", True),
        ("registry:5000/team/app:1.2", False),
    ],
)
def test_image_references(image: str, floating: bool) -> None:
    ref = image_ref(image)
    assert ref is not None
    assert ref.floating is floating


def test_end_of_life_by_date() -> None:
    day = datetime.date(2026, 12, 6)
    assert eol_reason("python", "3.9-slim", day) == "Python 3.9 reached end of life on 2025-10-31"
    assert eol_reason("python", "3.12-slim-bookworm", day) is None
    assert eol_reason("python", "3.12-buster", day) == (
        "Debian buster reached end of life on 2024-06-30"
    )
    assert eol_reason("node", "12", day) is None
    assert eol_reason("python", "3.12-alpine3.18", day) == "Alpine 3.18 reached end of life"
    assert eol_reason("python", "3.12-alpine3.12", day) == "Alpine 3.12 reached end of life"
    assert eol_reason("python", "3.12-alpine3.22", day) is None
    assert eol_reason("python", "3.10", datetime.date(2026, 10, 1)) is None


def test_alias_bound_refuses_a_file_with_too_many_aliases() -> None:
    text = "base: &b {x: 1}\n" + "".join(f"k{i}: *b\n" for i in range(MAX_ALIASES + 1))
    (doc,) = parse_yaml_all("k.yaml", text)
    assert doc.error is not None
    assert "aliases" in doc.error


def test_helm_render_uses_values_defaults_and_maps_lines() -> None:
    template = (
        "spec:\n"
        "  {{- with .Values.sc }}\n"
        "  securityContext:\n"
        "    {{- toYaml . | nindent 4 }}\n"
        "  {{- end }}\n"
        "  image: {{ .Values.image }}\n"
        "  {{- if .Values.off }}\n"
        "  gone: true\n"
        "  {{- end }}\n"
    )
    out = helm.render(template, {"sc": {"runAsNonRoot": True}, "image": "a:1", "off": False})
    (doc,) = parse_yaml_all("t.yaml", out.text)
    assert doc.data == {"spec": {"securityContext": {"runAsNonRoot": True}, "image": "a:1"}}
    assert out.source_line(len(out.lines)) == 6


def test_scoring_constants_are_pinned() -> None:
    assert scoring.RULE_COST[Severity.HIGH] == 25.0
    assert scoring.RULE_COST[Severity.MEDIUM] == 10.0
    assert scoring.RULE_COST[Severity.LOW] == 3.0
    assert scoring.WEIGHTS == {
        "dockerfile": 2.0,
        "compose": 1.0,
        "kubernetes": 2.0,
        "helm": 2.0,
        "terraform": 2.0,
    }


def test_every_rule_is_documented() -> None:
    page = (FIXTURES.parent / "docs" / "checks" / "deployment.md").read_text("utf-8")
    for rule in ALL_RULES:
        assert f"`{rule.id}`" in page, rule.id
    assert len({r.id for r in ALL_RULES}) == len(ALL_RULES)


def test_pathological_terraform_yaml_and_heredoc_end_quickly() -> None:
    from pyreadiness.checkers.deployment.terraform import parse_tf

    started = time.perf_counter()
    deep_tf = parse_tf("deep.tf", "a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert deep_tf.error == "nested more than 100 levels"
    (deep_yaml,) = parse_yaml_all("deep.yaml", "[" * 500_000 + "]" * 500_000)
    assert deep_yaml.error == "nested too deeply to read"
    open_heredoc = parse_dockerfile(b"FROM python:3.12\nRUN <<EOF\n" + b"echo x\n" * 20_000)
    assert open_heredoc.final is not None
    assert len(open_heredoc.final.instructions) == 1
    assert time.perf_counter() - started < 10


def test_tooling_examples_and_tests_are_not_deployment(tmp_path: Path) -> None:
    from pyreadiness.checkers.deployment.files import find_deployment_files

    for rel in (
        ".devcontainer/Dockerfile",
        "examples/complete/main.tf",
        "tests/k8s/pod.yaml",
        "docs/compose.yaml",
        "deploy/k8s/app.yaml",
        "Dockerfile",
        "Dockerfile.dockerignore",
        "docker/Dockerfile.prod",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    found = find_deployment_files(build_inventory(tmp_path))
    assert found.all_paths() == ("Dockerfile", "deploy/k8s/app.yaml", "docker/Dockerfile.prod")


def test_broken_yaml_in_a_deploy_folder_counts_only_if_it_is_kubernetes(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "playbook.yml").write_text("- hosts: all\n  vars: {{ x }}\n")
    (tmp_path / "deploy" / "app.yaml").write_text("apiVersion: v1\nkind: Pod\nspec: [\n")
    ctx = CheckContext(root=tmp_path, inventory=build_inventory(tmp_path), cache=Cache(cache_dir))
    result = DeploymentChecker().run(ctx)
    assert rows(result.findings) == [("deploy-unreadable", "deploy/app.yaml", 4)]
    assert result.status is Status.SKIPPED
    assert result.reason == "no deployment file could be read"


@pytest.mark.parametrize(
    ("dockerfile", "root"),
    [
        (b"FROM gcr.io/distroless/static:latest\n", True),  # distroless runs as root by default
        (b"FROM gcr.io/distroless/static:nonroot\n", False),
        (b"FROM cgr.dev/chainguard/python:latest-dev\n", False),
        (b"FROM python:3.12 AS base\nUSER app\nFROM base\n", False),  # inherited from a stage
        (b"FROM python:3.12\nUSER app\nUSER 0\n", True),
    ],
)
def test_root_user_follows_stages_and_base_images(dockerfile: bytes, root: bool) -> None:
    from pyreadiness.checkers.deployment.dockerfile_rules import check_dockerfile

    found = check_dockerfile(
        "Dockerfile",
        parse_dockerfile(dockerfile),
        probes_elsewhere=True,
        today=datetime.date(2026, 12, 6),
    )
    assert ("docker-root-user" in {f.rule for f in found}) is root


def test_images_skaffold_builds_and_placeholders_are_not_findings(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "skaffold.yaml").write_text(
        "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n  - image: web\n"
    )
    (tmp_path / "k8s" / "web.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
        "      securityContext: {runAsNonRoot: true}\n"
        "      containers:\n"
        "      - name: web\n        image: web\n"
        "        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n"
        "        resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}\n"
        "        readinessProbe: {tcpSocket: {port: 1}}\n"
        "        livenessProbe: {tcpSocket: {port: 1}}\n"
        "        env:\n        - {name: API_KEY, value: API_KEY_VALUE}\n"
        "      - name: side\n        image: busybox\n"
        "        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n"
        "        resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}\n"
        "        readinessProbe: {tcpSocket: {port: 1}}\n"
        "        livenessProbe: {tcpSocket: {port: 1}}\n"
    )
    ctx = CheckContext(root=tmp_path, inventory=build_inventory(tmp_path), cache=Cache(cache_dir))
    result = DeploymentChecker().run(ctx)
    # skaffold substitutes "web"; "busybox" is nobody's build: untagged.
    assert rows(result.findings) == [("k8s-latest-image", "k8s/web.yaml", 17)]


def test_weights_and_costs_in_the_docs_are_the_code() -> None:
    from tests.test_checks_docs_pinned import doc_text, weights_in

    assert weights_in("deployment.md") == scoring.WEIGHTS
    text = doc_text("deployment.md")
    costs = scoring.RULE_COST
    assert (
        f"**{costs[Severity.HIGH]:g}** (high), **{costs[Severity.MEDIUM]:g}** (medium), "
        f"**{costs[Severity.LOW]:g}** (low), {costs[Severity.INFO]:g} (info)"
    ) in text
