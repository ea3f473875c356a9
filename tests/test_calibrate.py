"""bench/calibrate.py's statistics: the calibration figures in docs/scoring.md rest on them."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.helpers import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "bench" / "calibrate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibrate"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


calibrate = _load()


def test_ties_share_their_mean_rank() -> None:
    assert calibrate.ranks([1.0, 2.0, 2.0, 3.0]) == [1.0, 2.5, 2.5, 4.0]


def test_spearman_is_pearson_on_ranks_with_ties() -> None:
    assert calibrate.spearman([1.0, 2.0, 3.0, 4.0], [10.0, 20.0, 30.0, 40.0]) == 1.0
    assert calibrate.spearman([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == -1.0
    # ranks x (1.5, 1.5, 3.5, 3.5), y (3, 1, 2, 4): covariance 2 over sqrt(4 * 5)
    assert calibrate.spearman([1.0, 1.0, 2.0, 2.0], [3.0, 1.0, 2.0, 4.0]) == pytest.approx(
        0.4472136
    )


def test_out_of_order_counts_cross_tier_pairs_and_half_for_ties() -> None:
    tiers = [4.0, 4.0, 1.0, 1.0]
    # A-tier pairs and D-tier pairs are not cross-tier: 4 cross pairs; one inverted, one tied
    assert calibrate.out_of_order(tiers, [90.0, 40.0, 50.0, 40.0]) == (1.5, 4)


def test_leave_one_out_reports_the_range_and_the_most_influential() -> None:
    result = calibrate.agreement(
        ["a", "b", "c", "d"], [4.0, 3.0, 2.0, 1.0], [90.0, 70.0, 80.0, 10.0]
    )
    assert result.rho == pytest.approx(0.8)
    assert (result.loo_min, result.loo_max) == (pytest.approx(0.5), pytest.approx(1.0))
    # without a (or d) rho drops to 0.5, a move of 0.3: the first such repository is named
    assert result.loo_most == "a (0.500)"
