"""``check --store``: one checked run appended to the run store.

The commit and ref come from the checkout's ``.git`` (read as files) and go into the
store's columns only: the JSON report stays byte-identical for the same tree.
"""

from __future__ import annotations

import json
from pathlib import Path

from pyreadiness.report.model import Report
from pyreadiness.store.gitinfo import read_git_info
from pyreadiness.store.sqlite import RunRecord, new_batch, now_utc, open_store


def compact_report(report: Report) -> str:
    """The JSON report as stored: compact (~40% smaller than the indented one)."""
    from pyreadiness.reporters.json_report import report_to_dict

    return json.dumps(report_to_dict(report), separators=(",", ":"), ensure_ascii=True)


def record_check(path: Path, report: Report) -> int:
    info = read_git_info(Path(report.target))
    with open_store(path) as store:
        return store.append(
            RunRecord(
                batch=new_batch(),
                repository=report.target,
                url=report.target,
                commit=info.commit,
                ref=info.ref,
                recorded_at=now_utc(),
                status="scored",
                report_json=compact_report(report),
            )
        )
