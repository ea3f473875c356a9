"""OSV semantics, CVSS, mirror loading and matching: the offline matcher piece by piece."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from pyreadiness.checkers.vulnerabilities.cvss import base_score, rating, severity
from pyreadiness.checkers.vulnerabilities.matcher import match
from pyreadiness.checkers.vulnerabilities.mirror import MirrorError, load_mirror
from pyreadiness.checkers.vulnerabilities.model import (
    Advisory,
    PackageKey,
    group_advisories,
    package_keys,
)
from pyreadiness.checkers.vulnerabilities.osv import BrokenRecord, parse_record
from pyreadiness.checkers.vulnerabilities.pip_audit import _layers, query_url
from pyreadiness.discover.dependencies import Pinned
from pyreadiness.model import Severity
from tests.helpers import FIXTURES

MIRROR = FIXTURES / "vulns-osv-mirror"


def _record(events: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    affected: dict[str, Any] = {
        "package": {"name": "demo", "ecosystem": "PyPI"},
        "ranges": [{"type": "ECOSYSTEM", "events": events}],
    }
    affected.update(extra)
    return {"id": "TEST-1", "affected": [affected]}


def _affects(record: dict[str, Any], version: str) -> bool:
    return parse_record(record).advisory_for("demo", Version(version)) is not None


@pytest.mark.parametrize(
    ("events", "version", "expected"),
    [
        ([{"introduced": "0"}], "0.0.1", True),
        ([{"introduced": "0"}, {"fixed": "1.0.2"}], "1.0.1", True),
        ([{"introduced": "0"}, {"fixed": "1.0.2"}], "1.0.2", False),
        ([{"introduced": "0"}, {"fixed": "1.0.2"}], "1.0.2rc1", True),  # PEP 440: rc < final
        ([{"introduced": "1.0"}, {"fixed": "1.2"}], "0.9", False),
        ([{"introduced": "1.0"}, {"fixed": "1.2"}], "1.0.0", True),  # 1.0 == 1.0.0
        ([{"introduced": "2.0"}, {"last_affected": "2.3"}], "2.3", True),
        ([{"introduced": "2.0"}, {"last_affected": "2.3"}], "2.3.post1", False),
        # two release lines; events deliberately out of order
        ([{"fixed": "3.2.5"}, {"introduced": "3.0"}, {"introduced": "1.0"}, {"fixed": "1.0.2"}],
         "2.0", False),
        ([{"fixed": "3.2.5"}, {"introduced": "3.0"}, {"introduced": "1.0"}, {"fixed": "1.0.2"}],
         "3.1", True),
        ([{"introduced": "0"}, {"limit": "2.0"}], "1.9", True),
        ([{"introduced": "0"}, {"limit": "2.0"}], "2.0", False),
        ([{"introduced": "0"}, {"limit": "*"}], "99", True),
        ([{"introduced": "1.10"}], "1.9", False),  # numeric, not string, ordering
    ],
)  # fmt: skip
def test_range_events_follow_the_osv_evaluation(
    events: list[dict[str, str]], version: str, expected: bool
) -> None:
    assert _affects(_record(events), version) is expected


def test_explicit_versions_compare_as_pep440() -> None:
    record = {
        "id": "TEST-2",
        "affected": [{"package": {"name": "Demo", "ecosystem": "PyPI"}, "versions": ["2.19.0"]}],
    }
    assert _affects(record, "2.19")
    assert not _affects(record, "2.19.1")


def test_git_ranges_and_other_ecosystems_are_ignored() -> None:
    record = {
        "id": "TEST-3",
        "affected": [
            {
                "package": {"name": "demo", "ecosystem": "PyPI"},
                "ranges": [{"type": "GIT", "repo": "x", "events": [{"introduced": "0"}]}],
            },
            {
                "package": {"name": "demo", "ecosystem": "npm"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
            },
        ],
    }
    assert not _affects(record, "1.0")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["a", "list"], "not an OSV object"),
        ({"affected": []}, "missing 'id'"),
        ({"id": "X", "affected": {"package": {}}}, "'affected' is not a list"),
        ({"id": "X", "affected": [{"ranges": []}]}, "has no 'package'"),
        ({"id": "X", "affected": [{"package": {"name": "demo"}}]}, "lacks 'name' or 'ecosystem'"),
        (_record([{"introduced": "0", "fixed": "1"}]), "exactly one key"),
        (_record([{"fixed": "1.0"}]), "no 'introduced' event"),
        (_record([{"introduced": "0"}, {"patched": "1.0"}]), "bad event 'patched'"),
    ],
)
def test_broken_records_raise(data: Any, message: str) -> None:
    with pytest.raises(BrokenRecord, match=message):
        parse_record(data)


def test_an_unparseable_range_version_keeps_the_versions_list() -> None:
    record = parse_record(_record([{"introduced": "0"}, {"fixed": "2019-09-12"}], versions=["0.5"]))
    assert record.problem is not None
    assert "2019-09-12" in record.problem
    assert record.advisory_for("demo", Version("0.5")) is not None
    assert record.advisory_for("demo", Version("0.6")) is None


CRITICAL_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"  # 9.8
LOW_VECTOR = "CVSS:3.0/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N"  # 2.8
MEDIUM_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"  # 6.1


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"database_specific": {"severity": "MODERATE"}}, Severity.MEDIUM),
        ({"database_specific": {"severity": "critical"}}, Severity.CRITICAL),
        ({"severity": [{"type": "CVSS_V3", "score": CRITICAL_VECTOR}]}, Severity.CRITICAL),
        ({"severity": [{"type": "CVSS_V3", "score": LOW_VECTOR},
                       {"type": "CVSS_V3", "score": MEDIUM_VECTOR}]},
         Severity.MEDIUM),  # the worst of several
        ({"severity": [{"type": "CVSS_V2", "score": "AV:N/AC:L/Au:N/C:P/I:P/A:P"}]},
         Severity.HIGH),  # v2 7.5
        ({}, None),
    ],
)  # fmt: skip
def test_severity_comes_from_the_record(extra: dict[str, Any], expected: Severity | None) -> None:
    data = _record([{"introduced": "0"}])
    data.update(extra)
    assert parse_record(data).severity is expected


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.0/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0),
        ("CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N/E:P", 5.3),  # temporal part ignored
        ("CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", None),
        ("CVSS:3.1/AV:N/AC:L", None),
        ("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", None),
        ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),  # v2, as OSV's CVSS_V2 entries spell it
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
        ("CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0),
        ("CVSS:4.0/AV:N", None),
        ("not a vector", None),
    ],
)
def test_cvss_base_scores(vector: str, score: float | None) -> None:
    assert base_score(vector) == score


@pytest.mark.parametrize(
    ("vector", "expected"),
    [
        ("AV:N/AC:L/Au:N/C:C/I:C/A:C", Severity.HIGH),  # v2 10.0: NVD's v2 has no critical
        ("AV:N/AC:M/Au:N/C:P/I:N/A:N", Severity.MEDIUM),  # v2 4.3
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Severity.CRITICAL),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", Severity.MEDIUM),
        ("CVSS:9.9/AV:N", None),
    ],
)
def test_cvss_severity_of_every_version(vector: str, expected: Severity | None) -> None:
    assert severity(vector) is expected


def test_cvss_ratings() -> None:
    assert [rating(s) for s in (0.0, 0.1, 3.9, 4.0, 6.9, 7.0, 8.9, 9.0)] == [
        Severity.INFO,
        Severity.LOW,
        Severity.LOW,
        Severity.MEDIUM,
        Severity.MEDIUM,
        Severity.HIGH,
        Severity.HIGH,
        Severity.CRITICAL,
    ]


def test_fixture_mirror_loads_with_exact_counts() -> None:
    mirror = load_mirror(MIRROR)
    assert mirror.records == 9  # README.md is not a record
    assert mirror.withdrawn == 1
    assert [b.source for b in mirror.broken] == [
        "broken/no-id.json",
        "broken/not-yaml.yaml",
        "pypi/PYSEC-0000-7.yaml",
    ]
    assert "missing 'id'" in mirror.broken[0].reason
    assert "not valid YAML" in mirror.broken[1].reason
    assert sorted(mirror.by_package) == [
        "vulnsdemo-alpha",
        "vulnsdemo-beta",
        "vulnsdemo-epsilon",
        "vulnsdemo-eta",
        "vulnsdemo-gamma",
        "vulnsdemo-zeta",
    ]


def test_zip_mirror_matches_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(MIRROR.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(MIRROR).as_posix())
    from_zip, from_folder = load_mirror(archive), load_mirror(MIRROR)
    assert from_zip.records == from_folder.records == 9
    assert from_zip.broken == from_folder.broken
    assert sorted(from_zip.by_package) == sorted(from_folder.by_package)


def test_mirror_that_is_neither_folder_nor_zip(tmp_path: Path) -> None:
    text = tmp_path / "mirror.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(MirrorError, match="is not a folder or a zip archive"):
        load_mirror(text)
    with pytest.raises(MirrorError, match="does not exist"):
        load_mirror(tmp_path / "missing")


def test_hidden_folders_and_oversized_records(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "huge.json").write_bytes(b" " * (4 * 1024 * 1024 + 1))
    mirror = load_mirror(tmp_path)
    assert mirror.records == 0
    assert [(b.source, b.reason) for b in mirror.broken] == [("huge.json", "larger than 4 MiB")]


def test_matcher_against_the_fixture_mirror() -> None:
    mirror = load_mirror(MIRROR)
    keys = [
        PackageKey(name="vulnsdemo-alpha", version="1.1.0"),
        PackageKey(name="vulnsdemo-alpha", version="1.2.0"),
        PackageKey(name="vulnsdemo-delta", version="0.5"),  # withdrawn
        PackageKey(name="vulnsdemo-zeta", version="1.9"),  # fixed: 1.10 read as text
        PackageKey(name="vulnsdemo-zeta", version="1.10"),
        PackageKey(name="vulnsdemo-omega", version="0.1"),  # npm record only
    ]
    found = {str(a.key): [adv.id for adv in a.advisories] for a in match(keys, mirror).audited}
    assert found == {
        "vulnsdemo-alpha==1.1.0": ["GHSA-0000-aaaa-bbbb", "PYSEC-0000-1"],
        "vulnsdemo-alpha==1.2.0": [],
        "vulnsdemo-delta==0.5": [],
        "vulnsdemo-zeta==1.9": ["PYSEC-0000-6"],
        "vulnsdemo-zeta==1.10": [],
        "vulnsdemo-omega==0.1": [],
    }


def test_aliases_merge_advisories_into_one_vulnerability() -> None:
    groups = group_advisories(
        [
            Advisory(id="PYSEC-1", aliases=("CVE-1",)),
            Advisory(id="GHSA-1", aliases=("CVE-1",)),
            Advisory(id="PYSEC-2"),
            Advisory(id="GHSA-2", aliases=("PYSEC-2",)),
            Advisory(id="PYSEC-3"),
        ]
    )
    assert [[a.id for a in g] for g in groups] == [
        ["GHSA-1", "PYSEC-1"],
        ["GHSA-2", "PYSEC-2"],
        ["PYSEC-3"],
    ]


def _pin(name: str, version: str, line: int) -> Pinned:
    return Pinned(name=name, version=version, source_file="req.txt", line=line, hashes=False)


def test_package_keys_dedupe_and_reject_what_cannot_be_audited() -> None:
    sites, invalid = package_keys(
        [
            _pin("Requests", "2.19", 1),
            _pin("requests", "2.19.0", 2),  # the same release, written differently
            _pin("six", "1.16.0", 3),
            _pin("weird", "not-a-version", 4),
            _pin("--index-url", "1.0", 5),
        ]
    )
    assert {str(k): [p.line for p in v] for k, v in sites.items()} == {
        "requests==2.19": [1, 2],
        "six==1.16.0": [3],
    }
    assert [(str(n.key), n.reason) for n in invalid] == [
        ("--index-url==1.0", "'--index-url' is not a project name"),
        ("weird==not-a-version", "version 'not-a-version' is not PEP 440"),
    ]


def test_pip_audit_runs_are_split_so_no_name_repeats() -> None:
    keys = [
        PackageKey(name="a", version="1"),
        PackageKey(name="a", version="2"),
        PackageKey(name="b", version="1"),
    ]
    assert [[str(k) for k in layer] for layer in _layers(keys)] == [["a==1", "b==1"], ["a==2"]]


def test_query_url() -> None:
    assert query_url(None) == "https://api.osv.dev/v1/query"
    assert query_url("http://127.0.0.1:9/") == "http://127.0.0.1:9/v1/query"
    assert query_url("http://mirror/v1/query") == "http://mirror/v1/query"
