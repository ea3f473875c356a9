"""Does the overall score order real repositories the way a reviewer does?

Usage::

    python bench/calibrate.py [--set bench/calibration.toml] [--pyreadiness EXE]
        [--save RESULTS.json] [--compare BEFORE.json] [--only NAME,...] [--parallel 2]
        [--timeout 900] [--cache-dir DIR]

Each repository of the set (name, path, tier A-D judged before any score, profile, kind) is
scanned with ``EXE check PATH --offline -f json -q --cache-dir DIR --timeout T`` under
``nice``, at most ``--parallel`` at a time (default 2: the machine is shared). The script
prints one row per repository and then the agreement figures:

* Spearman rank correlation between tier (A=4 .. D=1) and overall score, ties ranked by
  their mean rank (written here: no scipy needed);
* cross-tier pairs out of order: pairs of repositories in different tiers where the lower
  tier scores strictly higher (a tie counts half);
* leave-one-out: Spearman recomputed with each repository removed, min and max, and the
  repository whose removal moves it most, so no single repository carries the result;
* the same figures for a repo-review-like "pass fraction" (checks passed / checks
  measured), the naive baseline a model has to beat.

``--save`` writes the scores as JSON; ``--compare`` reads such a file (the "before" run)
and adds its score per row and its figures. ``--from`` skips scanning and reads a saved
file instead; ``--markdown`` prints the before/after table of docs/scoring.md. The
scanned repositories are never modified: the tool only reads them.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

TIER_VALUE = {"A": 4, "B": 3, "C": 2, "D": 1}


@dataclass(frozen=True, kw_only=True)
class Entry:
    name: str
    path: str
    tier: str
    profile: str
    kind: str


@dataclass(frozen=True, kw_only=True)
class Scan:
    score: float | None
    grade: str | None
    detected_profile: str | None
    pass_fraction: float | None
    caps: tuple[str, ...]
    pillars: dict[str, float | None]
    error: str


def load_set(path: Path) -> list[Entry]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Entry(
            name=r["name"],
            path=r["path"],
            tier=r["tier"],
            profile=r["profile"],
            kind=r.get("kind", ""),
        )
        for r in data["repo"]
    ]


def scan(entry: Entry, exe: str, cache_dir: str, timeout: int) -> Scan:
    argv = ["nice", "-n", "10", exe, "check", entry.path, "--offline", "-f", "json", "-q"]
    argv += ["--cache-dir", cache_dir, "--timeout", str(timeout)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout * 4)
    except subprocess.TimeoutExpired:
        return _failed(f"timed out after {timeout * 4}s")
    if done.returncode not in (0, 1):
        return _failed(f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
    report = json.loads(done.stdout)
    return scan_from_report(report)


def scan_from_report(report: dict[str, Any]) -> Scan:
    checks = report.get("checks")
    checks = checks if isinstance(checks, list) else []
    measured = [c for c in checks if c.get("status") in ("passed", "failed")]
    passed = [c for c in measured if c.get("status") == "passed"]
    profile = report.get("profile")
    caps = report.get("caps")
    return Scan(
        score=_num(report.get("score")),
        grade=report.get("grade") if isinstance(report.get("grade"), str) else None,
        detected_profile=profile.get("id") if isinstance(profile, dict) else None,
        pass_fraction=round(100 * len(passed) / len(measured), 1) if measured else None,
        caps=tuple(f"{c.get('id')}<={c.get('limit')}" for c in caps if isinstance(c, dict))
        if isinstance(caps, list)
        else (),
        pillars={
            str(p.get("id")): _num(p.get("score"))
            for p in report.get("pillars") or []
            if isinstance(p, dict)
        },
        error="",
    )


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _failed(reason: str) -> Scan:
    return Scan(
        score=None,
        grade=None,
        detected_profile=None,
        pass_fraction=None,
        caps=(),
        pillars={},
        error=reason,
    )


# -- statistics ----------------------------------------------------------------------------------


def ranks(values: list[float]) -> list[float]:
    """1-based ranks, tied values sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    """Pearson correlation of the ranks (correct with ties, unlike the d-squared formula)."""
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return 0.0
    return float(cov / (vx * vy) ** 0.5)


def out_of_order(tiers: list[float], scores: list[float]) -> tuple[float, int]:
    """Cross-tier pairs where the lower tier scores higher (a tie counts half), and all pairs."""
    bad = 0.0
    pairs = 0
    for i in range(len(tiers)):
        for j in range(i + 1, len(tiers)):
            if tiers[i] == tiers[j]:
                continue
            pairs += 1
            hi, lo = (i, j) if tiers[i] > tiers[j] else (j, i)
            if scores[hi] < scores[lo]:
                bad += 1
            elif scores[hi] == scores[lo]:
                bad += 0.5
    return bad, pairs


@dataclass(frozen=True, kw_only=True)
class Agreement:
    n: int
    rho: float
    bad_pairs: float
    pairs: int
    loo_min: float
    loo_max: float
    loo_most: str


def agreement(names: list[str], tiers: list[float], scores: list[float]) -> Agreement:
    rho = spearman(tiers, scores)
    loo = []
    for k in range(len(names)):
        t = tiers[:k] + tiers[k + 1 :]
        s = scores[:k] + scores[k + 1 :]
        loo.append((spearman(t, s), names[k]))
    bad, pairs = out_of_order(tiers, scores)
    most = max(loo, key=lambda x: abs(x[0] - rho))
    return Agreement(
        n=len(names),
        rho=rho,
        bad_pairs=bad,
        pairs=pairs,
        loo_min=min(x[0] for x in loo),
        loo_max=max(x[0] for x in loo),
        loo_most=f"{most[1]} ({most[0]:.3f})",
    )


def describe(label: str, a: Agreement) -> str:
    return (
        f"{label:<28} n={a.n:<3} Spearman {a.rho:.3f}   out-of-order cross-tier pairs "
        f"{a.bad_pairs:g}/{a.pairs}   leave-one-out {a.loo_min:.3f}..{a.loo_max:.3f} "
        f"(most: {a.loo_most})"
    )


def figures(label: str, entries: list[Entry], results: dict[str, dict[str, Any]], key: str) -> str:
    rows = [(e, _num(results.get(e.name, {}).get(key))) for e in entries]
    kept = [(e, v) for e, v in rows if v is not None]
    if len(kept) < 3:
        return f"{label}: not enough scores"
    return describe(
        label,
        agreement(
            [e.name for e, _ in kept],
            [float(TIER_VALUE[e.tier]) for e, _ in kept],
            [v for _, v in kept],
        ),
    )


# -- driver --------------------------------------------------------------------------------------


def run_all(entries: list[Entry], args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    cache_dir = args.cache_dir or tempfile.mkdtemp(prefix="calibrate-cache-")
    out: dict[str, dict[str, Any]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        futures = {
            pool.submit(scan, e, args.pyreadiness, cache_dir, args.timeout): e for e in entries
        }
        for future in concurrent.futures.as_completed(futures):
            entry = futures[future]
            result = future.result()
            out[entry.name] = {
                "score": result.score,
                "grade": result.grade,
                "profile": result.detected_profile,
                "pass_fraction": result.pass_fraction,
                "caps": list(result.caps),
                "pillars": result.pillars,
                "error": result.error,
            }
            print(f"  scanned {entry.name}: {result.score} {result.error}", file=sys.stderr)
    return out


def print_table(
    entries: list[Entry],
    results: dict[str, dict[str, Any]],
    before: dict[str, dict[str, Any]] | None,
) -> None:
    head = f"{'repository':<24} tier {'profile':<12} {'detected':<12}"
    head += f" {'before':>7}" if before is not None else ""
    head += f" {'score':>7} {'pass%':>6}  caps / error"
    print(head)
    for e in sorted(entries, key=lambda x: (x.tier, x.name)):
        r = results.get(e.name, {})
        line = f"{e.name:<24} {e.tier:<4} {e.profile:<12} {r.get('profile')!s:<12}"
        if before is not None:
            line += f" {_fmt(before.get(e.name, {}).get('score')):>7}"
        line += f" {_fmt(r.get('score')):>7} {_fmt(r.get('pass_fraction')):>6}"
        caps = r.get("caps") or []
        line += "  " + " ".join(str(c) for c in caps if c) + f" {r.get('error') or ''}"
        print(line.rstrip())


def print_markdown(
    entries: list[Entry],
    results: dict[str, dict[str, Any]],
    before: dict[str, dict[str, Any]],
) -> None:
    """The table docs/scoring.md carries: one row per repository, before and after."""
    print("| repository | tier | profile (reviewer) | detected | before | after | caps |")
    print("| --- | --- | --- | --- | ---: | ---: | --- |")
    for e in sorted(entries, key=lambda x: (x.tier, x.name)):
        r = results.get(e.name, {})
        caps = ", ".join(str(c) for c in r.get("caps") or []) or "-"
        print(
            f"| {e.name} | {e.tier} | {e.profile} | {r.get('profile') or '-'} | "
            f"{_fmt(before.get(e.name, {}).get('score'))} | {_fmt(r.get('score'))} | {caps} |"
        )


def _fmt(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).parent
    parser.add_argument("--set", type=Path, default=here / "calibration.toml")
    parser.add_argument("--pyreadiness", default=str(Path(sys.executable).parent / "pyreadiness"))
    parser.add_argument("--save", type=Path)
    parser.add_argument("--from", dest="source", type=Path, help="read scores, do not scan")
    parser.add_argument("--compare", type=Path, help="a saved earlier run to compare with")
    parser.add_argument("--only", default="", help="comma-separated names")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--cache-dir", default="")
    parser.add_argument("--markdown", action="store_true", help="the docs table (needs --compare)")
    args = parser.parse_args(argv)

    entries = load_set(args.set)
    if args.only:
        wanted = set(args.only.split(","))
        entries = [e for e in entries if e.name in wanted]
    missing = [e.name for e in entries if not Path(e.path).is_dir()]
    if missing:
        print(f"not checked out (skipped): {', '.join(missing)}", file=sys.stderr)
        entries = [e for e in entries if e.name not in missing]
    if args.source:
        results = json.loads(args.source.read_text(encoding="utf-8"))
    else:
        results = run_all(entries, args)
    if args.save:
        args.save.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", "utf-8")
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None

    if args.markdown and before is not None:
        print_markdown(entries, results, before)
    else:
        print_table(entries, results, before)
    print()
    if before is not None:
        print(figures("before: overall score", entries, before, "score"))
    print(figures("overall score", entries, results, "score"))
    print(figures("pass fraction (repo-review)", entries, results, "pass_fraction"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
