"""Which files of the repository describe how it is deployed, found by name and folder.

Only listed files are considered (``ctx.inventory``); nothing is read here.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from pyreadiness.discover.inventory import Inventory

_DOCKERFILE = re.compile(
    r"^(?:(?:Dockerfile|Containerfile)(?:[._-][\w.-]+)?|[\w.-]+[._](?:Dockerfile|dockerfile))$"
)
#: Files named like Dockerfiles that are something else (BuildKit's per-Dockerfile ignore
#: files, notes, scripts).
_NOT_DOCKERFILE = (".dockerignore", ".md", ".rst", ".txt", ".sh", ".py", ".json", ".yml",
                   ".yaml", ".toml", ".lock")  # fmt: skip
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[._-][\w.-]+)?\.ya?ml$")
#: Folders whose YAML files are read as Kubernetes manifests (any depth).
MANIFEST_FOLDERS = frozenset(
    {"k8s", "kubernetes", "kube", "deploy", "deployment", "deployments", "manifests", "openshift",
     "kustomize", "overlays"}
)  # fmt: skip
_MANIFEST_WORDS = ("k8s", "kubernetes", "manifests")
_YAML = (".yaml", ".yml")
#: Folders never holding deployment files of the project itself. Hidden folders are
#: development tooling (.devcontainer, .github, editor and assistant set-ups), not deployment.
#: Examples, tests and documentation show or exercise deployment; they are not the
#: project's own (terraform-aws-modules' examples/ are root modules without state on purpose).
_VENDORED = frozenset(
    {"node_modules", "vendor", "third_party", "testdata", "examples", "example", "samples",
     "sample", "test", "tests", "docs", "doc", "fixtures", "e2e"}
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class HelmChart:
    root: str  # the folder holding Chart.yaml ("" at the repository root)
    values: str | None  # values.yaml, if any
    templates: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class DeploymentFiles:
    dockerfiles: tuple[str, ...]
    compose: tuple[str, ...]
    manifests: tuple[str, ...]
    charts: tuple[HelmChart, ...]
    terraform: tuple[str, ...]
    skaffold: tuple[str, ...] = ()  # skaffold.yaml: which images it builds (see kubernetes)

    def all_paths(self) -> tuple[str, ...]:
        chart_files = [
            p for c in self.charts for p in (*c.templates, c.values, _join(c.root, "Chart.yaml"))
        ]
        return tuple(
            sorted(
                {
                    *self.dockerfiles,
                    *self.compose,
                    *self.manifests,
                    *(p for p in chart_files if p),
                    *self.terraform,
                    *self.skaffold,
                }
            )
        )

    def __bool__(self) -> bool:
        return bool(
            self.dockerfiles or self.compose or self.manifests or self.charts or self.terraform
        )


def _manifest_folder(name: str) -> bool:
    """``k8s``, ``deploy``... or a name containing k8s/kubernetes/manifests
    (``kubernetes-manifests``, ``k8s-prod``)."""
    name = name.lower()
    return name in MANIFEST_FOLDERS or any(w in name for w in _MANIFEST_WORDS)


def _join(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


def _is_vendored(rel: str) -> bool:
    return any(part in _VENDORED or part.startswith(".") for part in rel.split("/")[:-1])


def find_deployment_files(inv: Inventory) -> DeploymentFiles:
    paths = [f.path for f in inv.files if not _is_vendored(f.path)]
    chart_roots = sorted(
        posixpath.dirname(p) for p in paths if posixpath.basename(p) == "Chart.yaml"
    )
    charts = []
    in_chart: set[str] = set()
    for root in chart_roots:
        prefix = _join(root, "templates/")
        templates = tuple(p for p in paths if p.startswith(prefix) and p.endswith(_YAML))
        values = _join(root, "values.yaml")
        charts.append(
            HelmChart(root=root, values=values if inv.has(values) else None, templates=templates)
        )
    for root in chart_roots:
        in_chart.update(p for p in paths if p.startswith(root + "/") or not root)
    dockerfiles = []
    compose = []
    manifests = []
    terraform = []
    skaffold = []
    for rel in paths:
        name = posixpath.basename(rel)
        if _DOCKERFILE.match(name) and not name.endswith(_NOT_DOCKERFILE):
            dockerfiles.append(rel)
        elif _COMPOSE.match(name):
            compose.append(rel)
        elif name.startswith("skaffold") and name.endswith(_YAML):
            skaffold.append(rel)
        elif name.endswith(".tf"):
            terraform.append(rel)
        elif (
            name.endswith(_YAML)
            and rel not in in_chart
            and any(_manifest_folder(part) for part in rel.split("/")[:-1])
        ):
            manifests.append(rel)
    return DeploymentFiles(
        dockerfiles=tuple(dockerfiles),
        compose=tuple(compose),
        manifests=tuple(manifests),
        charts=tuple(charts),
        terraform=tuple(terraform),
        skaffold=tuple(skaffold),
    )
