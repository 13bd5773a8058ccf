"""The extraction benchmark's scorer, and its pinned floors when ../shared/data is present."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT / "benchmarks"))
from extraction import author_ok, body_prf, date_ok, title_ok


def check_floors(benchmark: str, *args: str) -> None:
    """Run a benchmark with --check; its exit status says whether every pinned floor held."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{benchmark}.py"), *args, "--check"],
                            capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


def test_body_prf():
    gold = "one two three four five six"
    assert body_prf(gold, gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = body_prf("one two three four five six seven eight", gold)
    assert recall == 1.0 and precision == pytest.approx(3 / 5)
    assert body_prf("", gold) == (0.0, 0.0, 0.0)


def test_metadata_matchers():
    assert title_ok("Dam Collapses!", "dam collapses")
    assert not title_ok("Dam collapses | Site", "Dam collapses")
    assert author_ok("By Jane Doe and John Roe", "John Roe, Jane Doe")
    assert date_ok("2026-10-06T09:15:00+02:00", "2026-10-06")
    assert not date_ok(None, "2026-10-06")


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED_DATA / "extraction").is_dir(), reason="../shared/data is absent")
def test_extraction_floors():
    check_floors("extraction", "--only", "rashomon")


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED_DATA / "quotes" / "polnear").is_dir(), reason="../shared/data is absent")
def test_quote_floors():
    check_floors("quotes", "--only-rashomon")


def test_quote_matching_rule():
    from quotes import Gold, Prediction, fold_nested, overlaps, speaker_ok

    assert overlaps(set(range(0, 10)), set(range(5, 40)))  # half of the shorter
    assert not overlaps(set(range(0, 10)), set(range(6, 40)))
    outer, inner = Prediction(set(range(0, 50)), set(), False), Prediction(set(range(10, 20)), set(), False)
    assert fold_nested([outer, inner]) == [outer]
    text = "Ann Lee said it. Later she said more."
    gold = Gold(set(range(28, 37)), set(range(0, 7)), False)
    assert speaker_ok(Prediction(set(), set(range(17, 20)), False, "Ann Lee"), gold, text)
    assert not speaker_ok(Prediction(set(), set(range(17, 20)), False, "Bo Chan"), gold, text)


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED_DATA / "clustering").is_dir(), reason="../shared/data is absent")
def test_story_floors():
    check_floors("stories", "--only-rashomon")


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED_DATA / "clustering" / "basil").exists(), reason="../shared/data is absent")
def test_compare_floors():
    check_floors("compare")


def test_conflict_floors():
    """The planted-conflict set is Rashomon's own writing (benchmarks/gold/conflicts.json): always measured."""
    check_floors("conflicts")


def test_bcubed_and_pairwise_scores():
    from stories import bcubed, pairwise_f1

    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, [1, 1, 2, 2]) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(gold, [1, 1, 1, 1])
    assert precision == 0.5 and recall == 1.0
    precision, recall, _ = bcubed(gold, [1, 2, 3, 4])
    assert precision == 1.0 and recall == 0.5
    assert pairwise_f1(gold, [1, 2, 3, 4]) == 0.0 and pairwise_f1(gold, [1, 1, 2, 2]) == 1.0
