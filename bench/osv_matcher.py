"""Validate and time the offline OSV matcher on a real advisory database.

Usage: python bench/osv_matcher.py PATH
PATH: the PyPA advisory database as a .tar.gz snapshot, a folder of OSV records, or an
OSV zip. Prints records loaded, load time, match time for 1,000 pins, known answers
(requests==2.19.0 -> PYSEC-2018-28) and how often a record's ECOSYSTEM ranges agree with
its explicit version list (both are published by the database, so they should).
Not a test: the project's tests never depend on this data.
"""

from __future__ import annotations

import sys
import tarfile
import tempfile
import time
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pyreadiness.checkers.vulnerabilities.matcher import match
from pyreadiness.checkers.vulnerabilities.mirror import Mirror, load_mirror
from pyreadiness.checkers.vulnerabilities.model import PackageKey

KNOWN = [("requests", "2.19.0", "PYSEC-2018-28"), ("requests", "2.20.0", None)]


def thousand_pins(mirror: Mirror) -> list[PackageKey]:
    """1,000 distinct pins spread over the database: versions its records list (the worst
    case: nearly all are affected, so every record of the package is evaluated)."""
    pins: list[PackageKey] = []
    for depth in range(10):
        for name, records in mirror.by_package.items():
            pool = sorted(
                {v for r in records for a in r.affected for v in a.raw_versions if _valid(v)}
            )
            if depth < len(pool):
                pins.append(PackageKey(name=name, version=pool[(depth * 7) % len(pool)]))
            if len(pins) == 1000:
                return pins
    return pins


def thousand_clean_pins(mirror: Mirror) -> list[PackageKey]:
    """1,000 pins at fixed versions (mostly unaffected: every version list is consulted)."""
    pins: list[PackageKey] = []
    for depth in range(10):
        for name, records in mirror.by_package.items():
            pool = sorted({str(v) for r in records for a in r.affected for v in a.fixed})
            if depth < len(pool):
                pins.append(PackageKey(name=name, version=pool[-1 - depth]))
            if len(pins) == 1000:
                return pins
    return pins


def _valid(raw: str) -> bool:
    try:
        Version(raw)
    except InvalidVersion:
        return False
    return True


def range_agreement(mirror: Mirror) -> tuple[int, int, list[str]]:
    """(listed versions the ranges also call affected, listed versions checked, examples)."""
    agree = total = 0
    outside: list[str] = []
    for records in mirror.by_package.values():
        for record in records:
            for affected in record.affected:
                if not affected.ranges:
                    continue
                for raw in affected.raw_versions:
                    try:
                        version = Version(raw)
                    except InvalidVersion:
                        continue
                    total += 1
                    if any(r.contains(version) for r in affected.ranges):
                        agree += 1
                    else:
                        outside.append(f"{record.id} {affected.name}=={raw}")
    return agree, total, outside


def main(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if path.name.endswith((".tar.gz", ".tgz")):
            with tarfile.open(path) as tar:
                tar.extractall(tmp, filter="data")
            path = Path(tmp)
        start = time.perf_counter()
        mirror = load_mirror(path)
        load = time.perf_counter() - start
    print(f"records loaded: {mirror.records} ({mirror.withdrawn} withdrawn)")
    print(f"PyPI packages: {mirror.packages}")
    print(f"broken records: {len(mirror.broken)}")
    for broken in mirror.broken:
        print(f"  {broken.source}: {broken.reason}")
    print(f"load time: {load:.2f} s")

    # The first run also parses the version lists it touches (lazily, once per process).
    for kind, pins in (("listed", thousand_pins(mirror)), ("fixed", thousand_clean_pins(mirror))):
        for label in ("first", "second"):
            start = time.perf_counter()
            report = match(pins, mirror)
            elapsed = time.perf_counter() - start
            hits = sum(1 for a in report.audited if a.advisories)
            print(
                f"match {len(pins)} pins at {kind} versions ({label} run): "
                f"{elapsed * 1000:.0f} ms, {hits} vulnerable"
            )

    for name, version, expected in KNOWN:
        audit = match([PackageKey(name=name, version=version)], mirror).audited[0]
        ids = [a.id for a in audit.advisories]
        verdict = "ok" if (expected in ids if expected else expected not in ids) else "WRONG"
        print(f"{name}=={version}: {', '.join(ids) or 'no advisory'} [{verdict}]")
        assert verdict == "ok"

    agree, total, outside = range_agreement(mirror)
    print(f"listed versions inside their record's ranges: {agree}/{total} ({agree / total:.2%})")
    for example in outside[:10]:
        print(f"  outside: {example}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
