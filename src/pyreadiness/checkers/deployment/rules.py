"""Every deployment rule: id, severity, a one-line why and the fix.

docs/checks/deployment.md lists the same rules with their sources; change both together
(and bump the checker version).
"""

from __future__ import annotations

from pyreadiness.checkers.rule import Rule
from pyreadiness.model import Severity

CHECK_ID = "deployment"


def _rule(rule_id: str, severity: Severity, why: str, fix: str) -> Rule:
    return Rule(check=CHECK_ID, id=rule_id, severity=severity, why=why, fix=fix)


H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

# -- Dockerfile ------------------------------------------------------------------------------
DOCKER_UNPINNED_BASE = _rule(
    "docker-unpinned-base", M,
    "an untagged or `latest` base image changes under the build without notice",
    "Pin an exact tag (python:3.12.7-slim-bookworm), or better a digest (@sha256:...).",
)  # fmt: skip
DOCKER_EOL_BASE = _rule(
    "docker-eol-base", H,
    "the base image's Python no longer gets security fixes",
    "Move the base image to a supported Python version (see devguide.python.org/versions).",
)  # fmt: skip
DOCKER_ROOT_USER = _rule(
    "docker-root-user", M,
    "the container runs as root, so any code execution in it is root in the container",
    "Create an unprivileged user and switch to it (RUN useradd -r app && USER app).",
)  # fmt: skip
DOCKER_NO_HEALTHCHECK = _rule(
    "docker-no-healthcheck", L,
    "nothing tells the runtime whether the service inside is healthy",
    "Add a HEALTHCHECK, or liveness/readiness probes in the Kubernetes manifests.",
)  # fmt: skip
DOCKER_ADD_URL = _rule(
    "docker-add-url", M,
    "ADD of a URL downloads at build time without verifying what arrived",
    "Download with curl and check a sha256, or use ADD --checksum=sha256:...",
)  # fmt: skip
DOCKER_SECRET_VALUE = _rule(
    "docker-secret-value", H,
    "a secret written in ENV/ARG is baked into every layer and the image history",
    "Pass secrets at run time (environment, mounted secrets) or with RUN --mount=type=secret.",
)  # fmt: skip
DOCKER_SECRET_ARG = _rule(
    "docker-secret-arg", M,
    "build arguments and ENV named like secrets are kept in the image history",
    "Use RUN --mount=type=secret for build-time secrets; set run-time ones when deploying.",
)  # fmt: skip
DOCKER_PIP_UNPINNED = _rule(
    "docker-pip-unpinned", M,
    "pip installs whatever version is newest on the day of the build",
    "Pin the version (pkg==1.2.3) or install from a lock/constraints file.",
)  # fmt: skip
DOCKER_APT_RECOMMENDS = _rule(
    "docker-apt-recommends", L,
    "recommended packages bloat the image and its attack surface",
    "Use apt-get install --no-install-recommends.",
)  # fmt: skip
DOCKER_APT_LISTS = _rule(
    "docker-apt-lists", L,
    "the apt package lists stay in the layer (tens of MB of stale metadata)",
    "End the same RUN with rm -rf /var/lib/apt/lists/* (or use a cache mount).",
)  # fmt: skip
DOCKER_SINGLE_STAGE_BUILD = _rule(
    "docker-single-stage-build", L,
    "compilers installed for building stay in the shipped image",
    "Build wheels in a builder stage and copy only them into a slim final stage.",
)  # fmt: skip

# -- docker-compose --------------------------------------------------------------------------
COMPOSE_PRIVILEGED = _rule(
    "compose-privileged", H,
    "a privileged container has every capability and the host's devices",
    "Remove privileged: true; add only the capabilities needed (cap_add).",
)  # fmt: skip
COMPOSE_HOST_NETWORK = _rule(
    "compose-host-network", M,
    "host networking removes the network isolation between the container and the host",
    "Use the default bridge network and publish only the ports needed.",
)  # fmt: skip
COMPOSE_LATEST_IMAGE = _rule(
    "compose-latest-image", M,
    "an untagged or `latest` image changes under the deployment without notice",
    "Pin an exact tag or digest.",
)  # fmt: skip
COMPOSE_PLAINTEXT_SECRET = _rule(
    "compose-plaintext-secret", M,
    "a password written in the compose file is in the repository for everyone who clones it",
    "Read it from the environment (${DB_PASSWORD}), an env_file kept out of git, or secrets:.",
)  # fmt: skip

# -- Kubernetes manifests and Helm charts ------------------------------------------------------
K8S_PRIVILEGED = _rule(
    "k8s-privileged", H,
    "a privileged container has root on the node",
    "Remove securityContext.privileged: true.",
)  # fmt: skip
K8S_RUNS_AS_ROOT = _rule(
    "k8s-runs-as-root", M,
    "nothing stops the container from running as root",
    "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser).",
)  # fmt: skip
K8S_PRIVILEGE_ESCALATION = _rule(
    "k8s-privilege-escalation", M,
    "a process in the container can gain more privileges than its parent (setuid binaries)",
    "Set securityContext.allowPrivilegeEscalation: false.",
)  # fmt: skip
K8S_WRITABLE_ROOT = _rule(
    "k8s-writable-root", L,
    "a writable root filesystem lets an intruder change the container's code",
    "Set securityContext.readOnlyRootFilesystem: true; mount an emptyDir where writes are needed.",
)  # fmt: skip
K8S_NO_RESOURCES = _rule(
    "k8s-no-resources", M,
    "without requests and limits the scheduler cannot place the pod and one pod can starve a node",
    "Set resources.requests (cpu, memory) and resources.limits.memory.",
)  # fmt: skip
K8S_NO_PROBES = _rule(
    "k8s-no-probes", M,
    "without probes, traffic goes to pods not yet ready and hung pods are never restarted",
    "Add readinessProbe and livenessProbe (an HTTP health route, or a TCP/exec check).",
)  # fmt: skip
K8S_LATEST_IMAGE = _rule(
    "k8s-latest-image", M,
    "an untagged or `latest` image changes under the deployment and cannot be rolled back",
    "Pin an exact tag or digest.",
)  # fmt: skip
K8S_HOST_PATH = _rule(
    "k8s-host-path", H,
    "a hostPath volume exposes the node's filesystem to the pod",
    "Use a PersistentVolumeClaim, configMap, secret or emptyDir instead.",
)  # fmt: skip
K8S_SECRET_IN_ENV = _rule(
    "k8s-secret-in-env", H,
    "a secret written as a plain env value is in the repository and in the pod spec",
    "Use valueFrom.secretKeyRef (a Secret, ideally managed outside the repository).",
)  # fmt: skip
HELM_UNRENDERED = _rule(
    "helm-unrendered", INFO,
    "not YAML with the chart's default values, so this template was not checked",
    "Nothing required; `helm template` renders it exactly (this tool never runs helm).",
)  # fmt: skip

# -- Terraform ---------------------------------------------------------------------------------
TF_NO_LOCK = _rule(
    "tf-no-lock", M,
    "without .terraform.lock.hcl each `terraform init` may pick other provider versions",
    "Run `terraform init` and commit .terraform.lock.hcl.",
)  # fmt: skip
TF_LOCAL_STATE = _rule(
    "tf-local-state", M,
    "state kept on one machine is lost with it and cannot be shared or locked",
    "Configure a remote backend (s3 with locking, gcs, azurerm, Terraform Cloud).",
)  # fmt: skip
TF_PUBLIC_BUCKET = _rule(
    "tf-public-bucket", H,
    "the bucket is readable (or writable) by anyone on the internet",
    "Remove the public ACL/member; serve public content through a CDN with an origin identity.",
)  # fmt: skip
TF_OPEN_ADMIN_PORT = _rule(
    "tf-open-admin-port", H,
    "an SSH, RDP or database port is open to the whole internet",
    "Restrict the CIDR to known ranges, or reach the host through a bastion/VPN/SSM.",
)  # fmt: skip
TF_UNENCRYPTED_STORAGE = _rule(
    "tf-unencrypted-storage", M,
    "the volume or database is stored unencrypted (the provider's default)",
    "Set storage_encrypted = true / encrypted = true (with a KMS key where required).",
)  # fmt: skip

# -- any file ----------------------------------------------------------------------------------
UNREADABLE = _rule(
    "deploy-unreadable", L,
    "this deployment file could not be read, so it was not checked",
    "Fix the syntax (or encoding) so that the tools that deploy it can read it.",
)  # fmt: skip

ALL_RULES: tuple[Rule, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Rule))
