"""Terraform modules, read with python-hcl2: lock file, remote state, a few misconfigurations.

The misconfigurations are deliberately few and unambiguous, each one a check of a
well-kept scanner (Checkov ids in docs/checks/deployment.md):

- a public S3 ACL or a GCS binding to ``allUsers``/``allAuthenticatedUsers``;
- ingress from ``0.0.0.0/0`` or ``::/0`` to SSH, RDP or a database port;
- an RDS instance, EBS volume or EFS file system without encryption (the provider's default).

Root modules (a folder with a ``provider`` or ``backend`` block) need a lock file and a
remote backend; child modules (``modules/...``) inherit both from their caller.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hcl2

from pyreadiness.checkers.ci.yamlload import nesting_exceeds
from pyreadiness.checkers.deployment import rules
from pyreadiness.model import Finding

#: Terraform files larger than this are not parsed (real ones are a few kB).
MAX_BYTES = 512 * 1024
#: Brackets open at once beyond which a file is not parsed (lark's time and recursion grow
#: with depth: 100,000 "[" took 29 s); real modules nest a handful.
MAX_NESTING = 100
PUBLIC_ACLS = frozenset({"public-read", "public-read-write"})
PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})
OPEN_CIDRS = frozenset({"0.0.0.0/0", "::/0"})
#: SSH, RDP, MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis.
ADMIN_PORTS = {22: "SSH", 3389: "RDP", 3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server",
               1521: "Oracle", 27017: "MongoDB", 6379: "Redis"}  # fmt: skip
#: Resource type -> the attribute that must be true (absent means unencrypted).
ENCRYPTION = {
    "aws_db_instance": "storage_encrypted",
    "aws_ebs_volume": "encrypted",
    "aws_efs_file_system": "encrypted",
}


@dataclass(frozen=True, kw_only=True)
class TfFile:
    path: str
    data: dict[str, Any] | None
    error: str | None = None
    line: int | None = None
    text: str = field(default="", repr=False)


def parse_tf(path: str, text: str | None) -> TfFile:
    if text is None:
        return TfFile(path=path, data=None, error="not readable as UTF-8 text")
    if len(text) > MAX_BYTES:
        return TfFile(path=path, data=None, error=f"larger than {MAX_BYTES // 1024} kB")
    if nesting_exceeds(text, MAX_NESTING, "[{(", "]})"):
        return TfFile(path=path, data=None, error=f"nested more than {MAX_NESTING} levels")
    try:
        data = hcl2.loads(text)
    except RecursionError:
        return TfFile(path=path, data=None, error="nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - lark raises many types on untrusted input
        line = getattr(exc, "line", None)
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return TfFile(
            path=path, data=None, error=message, line=line if isinstance(line, int) else None
        )
    return TfFile(path=path, data=data if isinstance(data, dict) else {}, text=text)


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _blocks(data: dict[str, Any], kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(type, name, body) of every ``kind "type" "name" {}`` block."""
    for item in data.get(kind) or []:
        if not isinstance(item, dict):
            continue
        for rtype, named in item.items():
            if not isinstance(named, dict):
                continue
            for name, body in named.items():
                if isinstance(body, dict):
                    yield str(_unquote(rtype)), str(_unquote(name)), body


def _line_of(tf: TfFile, rtype: str, name: str) -> int | None:
    pattern = re.compile(rf'^\s*resource\s+"{re.escape(rtype)}"\s+"{re.escape(name)}"', re.M)
    match = pattern.search(tf.text)
    return tf.text.count("\n", 0, match.start()) + 1 if match else None


def check_module(folder: str, files: list[TfFile], has_lock: bool) -> list[Finding]:
    parsed = [f for f in files if f.data is not None]
    findings: list[Finding] = []
    for tf in parsed:
        for rtype, name, body in _blocks(tf.data or {}, "resource"):
            line = _line_of(tf, rtype, name)
            findings += _resource(tf.path, line, rtype, name, body)
    providers = [tf for tf in parsed if tf.data and tf.data.get("provider")]
    backends = [
        tf
        for tf in parsed
        for block in (tf.data or {}).get("terraform") or []
        if isinstance(block, dict) and (block.get("backend") or block.get("cloud"))
    ]
    if providers or backends:
        anchor = (providers or backends)[0].path
        if not has_lock:
            detail = f"root module {folder or '.'} has no .terraform.lock.hcl"
            findings.append(rules.TF_NO_LOCK.finding(anchor, None, detail))
        if not backends:
            detail = f"root module {folder or '.'} has no backend"
            findings.append(rules.TF_LOCAL_STATE.finding(anchor, None, detail))
    return findings


def module_folder(path: str) -> str:
    return posixpath.dirname(path)


def _resource(
    path: str, line: int | None, rtype: str, name: str, body: dict[str, Any]
) -> list[Finding]:
    label = f"{rtype}.{name}"
    if rtype in ("aws_s3_bucket", "aws_s3_bucket_acl") and _unquote(body.get("acl")) in PUBLIC_ACLS:
        return [rules.TF_PUBLIC_BUCKET.finding(path, line, f"{label} acl {_unquote(body['acl'])}")]
    if rtype.startswith("google_storage_bucket_iam"):
        members = [_unquote(body.get("member"))] + [_unquote(m) for m in body.get("members") or []]
        if any(m in PUBLIC_MEMBERS for m in members):
            return [rules.TF_PUBLIC_BUCKET.finding(path, line, f"{label} grants allUsers")]
    if rtype in ENCRYPTION:
        attribute = ENCRYPTION[rtype]
        value = _unquote(body.get(attribute))
        # A variable may well be true: only absent (the default) or a literal false counts.
        if attribute not in body or value is False or value == "false":
            detail = f"{label} {attribute} is not true"
            return [rules.TF_UNENCRYPTED_STORAGE.finding(path, line, detail)]
    return [
        rules.TF_OPEN_ADMIN_PORT.finding(path, line, f"{label} opens {service} ({port})")
        for port, service in _open_admin_ports(rtype, body)
    ]


def _open_admin_ports(rtype: str, body: dict[str, Any]) -> list[tuple[int, str]]:
    rules_: list[dict[str, Any]] = []
    if rtype == "aws_security_group":
        rules_ = [r for r in body.get("ingress") or [] if isinstance(r, dict)]
    elif rtype == "aws_security_group_rule" and _unquote(body.get("type")) == "ingress":
        rules_ = [body]
    elif rtype == "aws_vpc_security_group_ingress_rule":
        rules_ = [{**body, "cidr_blocks": [body.get("cidr_ipv4"), body.get("cidr_ipv6")]}]
    opened: set[tuple[int, str]] = set()
    for rule in rules_:
        cidrs = {
            _unquote(c) for key in ("cidr_blocks", "ipv6_cidr_blocks") for c in rule.get(key) or []
        }
        if not cidrs & OPEN_CIDRS:
            continue
        low, high = _port(rule.get("from_port")), _port(rule.get("to_port"))
        if _unquote(rule.get("protocol")) in ("-1", "all") and low == high == 0:
            low, high = 0, 65535
        if low is None or high is None:
            continue
        opened.update((p, s) for p, s in ADMIN_PORTS.items() if low <= p <= high)
    return sorted(opened)


def _port(value: Any) -> int | None:
    value = _unquote(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
