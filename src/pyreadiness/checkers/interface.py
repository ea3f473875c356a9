"""The checker contract: what a checker declares, receives and returns.

A checker is a class registered under the ``pyreadiness.checkers`` entry-point group
(built-ins included). The engine instantiates it with no arguments, calls
:meth:`Checker.run` with a :class:`CheckContext`, and turns any exception into an
``error`` result naming the checker, so one broken checker never takes the report down.
The values it returns live in :mod:`pyreadiness.model`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from pyreadiness.checkers.options import OptionSpec, OptionValue
from pyreadiness.model import CheckResult, Pillar, Profile, ProfileDecision, RuleDoc
from pyreadiness.tools.memo import RunMemo

if TYPE_CHECKING:
    import datetime

    from pyreadiness.discover.inventory import Inventory
    from pyreadiness.suppress.apply import Matcher
    from pyreadiness.suppress.model import SuppressionRule
    from pyreadiness.tools.cache import Cache
    from pyreadiness.tools.slots import ToolSlots

__all__ = ["UNDECIDED_PROFILE", "CheckContext", "Checker", "OptionSpec", "OptionValue"]

#: The profile of a context built without one (a single checker run on a folder in tests).
UNDECIDED_PROFILE = ProfileDecision(
    profile=Profile.LIBRARY, evidence="no profile given to this context: library assumed"
)


@dataclass(frozen=True, kw_only=True)
class CheckContext:
    """Everything a checker may use. Checkers read files through ``inventory``, never by walking."""

    root: Path
    inventory: Inventory
    cache: Cache
    tool_timeout: float = 300.0
    #: ``ignore-vulns``: advisories the repository accepted (rule = advisory id or alias).
    vuln_ignores: tuple[SuppressionRule, ...] = ()
    #: The day expiry dates are compared with (None: today, UTC).
    today: datetime.date | None = None
    #: The repository's accepted findings; a checker whose score counts findings one by one
    #: leaves accepted ones out of it (and still returns them: the pipeline lists them).
    suppressions: Matcher | None = None
    offline: bool = False
    jobs: int = 2  # how many processes a checker may fan out to
    #: Shared by every checker of a run; None: no limit (a context built for one checker).
    tool_slots: ToolSlots | None = None
    #: The role the repository is judged by (library, application, CLI, scripts, monorepo).
    profile: ProfileDecision = UNDECIDED_PROFILE
    #: This checker's options (``Checker.options``), every declared name present: the
    #: engine fills in the defaults and the user's ``[tool.pyreadiness.checks.<id>]``.
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    #: Results computed once per run and shared by its checkers (one ruff run for lint's
    #: rules and operability's async rules). Every checker of a run gets the same memo.
    shared: RunMemo = field(default_factory=RunMemo)

    def tool_slot(self, priority: int = 0) -> AbstractContextManager[None]:
        """Hold this around each external tool process, so that tools do not oversubscribe
        the cores (and stack their memory) when several checkers run them at once. Higher
        ``priority`` is served first (``ToolSlots.LONG_RUN`` for an unsplittable long run)."""
        if self.tool_slots is None:
            return nullcontext()
        return self.tool_slots.hold(priority)


class Checker(ABC):
    """Base class of every checker. Subclasses set the class attributes and implement run().

    The class docstring is the long explanation printed by ``pyreadiness explain ID``:
    what the check measures, how it scores and how to improve.
    """

    id: ClassVar[str]
    pillar: ClassVar[Pillar]
    title: ClassVar[str]
    #: Bump when scoring or output changes, so cached results are not reused.
    version: ClassVar[str] = "1"
    #: Relative weight of this check inside its pillar.
    weight: ClassVar[float] = 1.0
    #: Options users may set under ``[tool.pyreadiness.checks.<id>]``; read in ``ctx.options``.
    options: ClassVar[Mapping[str, OptionSpec]] = {}
    #: The checker's own rules, by the ``rule`` its findings carry: ``pyreadiness explain
    #: CHECK/RULE`` and SARIF read them. Rules of a wrapped tool (ruff, bandit, mypy) need
    #: no entry: their findings carry the tool's name and link (``rule_name``, ``help``).
    rules: ClassVar[Mapping[str, RuleDoc]] = {}

    @abstractmethod
    def run(self, ctx: CheckContext) -> CheckResult:
        """Measure the repository. May raise: the engine reports it as an error result."""

    @classmethod
    def describe_rule(cls, rule: str) -> RuleDoc | None:
        """What ``rule`` (as the part after ``CHECK/`` in ``pyreadiness explain CHECK/RULE``)
        flags. The default reads :attr:`rules`; a checker wrapping a tool overrides it to
        describe the tool's rules too. None: no such rule."""
        return cls.rules.get(rule) or cls.rules.get(f"{cls.id}/{rule}")

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        """Relative paths whose content determines the result, for the whole-result cache.

        ``None`` (the default) means "do not cache the whole result". Tool versions and
        effective configuration go into :meth:`cache_salt`.
        """
        return None

    def cache_salt(self, ctx: CheckContext) -> str:
        """Extra text folded into the cache key: tool versions, effective options."""
        return ""
