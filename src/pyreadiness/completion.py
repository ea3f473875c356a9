"""Shell completion of check ids and pillar names (typer's ``autocompletion`` callbacks).

Check ids are the installed entry-point names, read from the package metadata: completing
imports no checker (a broken plugin cannot break the shell, and a Tab press stays quick).
Install the completion with ``pyreadiness --install-completion``.
"""

from __future__ import annotations

from pyreadiness.model import Pillar

#: Findings the pipeline itself reports: a valid ``explain`` id although no checker has it.
CORE_IDS = ("discovery",)


def installed_check_ids() -> list[str]:
    from importlib.metadata import entry_points

    from pyreadiness.check.registry import GROUP

    return sorted({ep.name for ep in entry_points(group=GROUP)})


def _last_part(incomplete: str) -> tuple[str, str]:
    """``"lint,ty"`` -> (``"lint,"``, ``"ty"``): --select and --ignore take comma lists."""
    head, sep, last = incomplete.rpartition(",")
    return (head + sep, last)


def complete_check_list(incomplete: str) -> list[str]:
    """For ``--select``/``--ignore``: check ids, also after a comma."""
    head, last = _last_part(incomplete)
    done = set(head.split(","))
    return [head + i for i in installed_check_ids() if i.startswith(last) and i not in done]


def complete_check_ids(incomplete: str) -> list[str]:
    """For ``explain``: check ids (rule ids start with one)."""
    return [i for i in [*installed_check_ids(), *CORE_IDS] if i.startswith(incomplete)]


def complete_pillar_minimum(incomplete: str) -> list[str]:
    """For ``--min PILLAR=N``: pillar names followed by ``=``."""
    return [f"{p.value}=" for p in Pillar if p.value.startswith(incomplete)]
