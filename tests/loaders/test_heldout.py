"""The held-out set: real texts from provinces the loaders were not tuned on, gold written by hand.

Each tests/data/heldout/<stem>.expected.json was written by reading data/corpus/heldout/<stem>.txt
(nine texts, seven provinces; data/corpus/heldout/README.md lists place, notation and source).
Scoring and alignment are tests/support/realworld.py's, as for the development set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.loaders import extract_paths
from policykg.loaders.records import ROLES
from tests.support.realworld import (
    ROOT,
    FileScore,
    gold_files,
    load_gold,
    norm_agency,
    score_corpus,
    simplified,
)

CORPUS = ROOT / "data" / "corpus" / "heldout"
GOLD_DIR = ROOT / "tests" / "data" / "heldout"
GOLD = gold_files(GOLD_DIR)
IDS = [p.name.split(".")[0] for p in GOLD]


@pytest.fixture(scope="module")
def scored() -> dict[str, FileScore]:
    """Every held-out text extracted once and scored."""
    scores, _, _ = score_corpus(extract_paths, gold_dir=GOLD_DIR, corpus_dir=CORPUS)
    return {s.name: s for s in scores}


def test_every_heldout_text_has_a_gold_file() -> None:
    texts = {p.name for p in CORPUS.glob("*.txt")}
    assert len(texts) == 9
    assert {load_gold(p)["file"] for p in GOLD} == texts


@pytest.mark.parametrize("path", GOLD, ids=IDS)
def test_gold_is_read_from_its_text(path: Path) -> None:
    """Every text start is in the text; every unit is named there (or in its written form)."""
    gold = load_gold(path)
    text = (CORPUS / gold["file"]).read_text(encoding="utf-8")
    plain = norm_agency(re.sub(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]", "", text))
    expanded = gold.get("expanded_names", {})
    for task in gold["tasks"]:
        assert task["text_start"] in text, task["text_start"]
        for name, role in task["assignments"]:
            assert role in ROLES
            assert norm_agency(simplified(expanded.get(name, name))) in plain, name


@pytest.mark.parametrize("path", GOLD, ids=IDS)
def test_extraction_gives_the_gold(path: Path, scored: dict[str, FileScore]) -> None:
    """Exactly the hand-read (task, agency, role) triples: nothing missed, nothing extra."""
    score = scored[load_gold(path)["file"]]
    report = [f"missed {m}" for m in score.misses] + [f"extra {x}" for x in score.extras]
    assert not score.refused and score.triples.fp == 0 and score.triples.fn == 0, "\n".join(report)


@pytest.mark.parametrize(
    "path", [p for p in GOLD if load_gold(p)["doc_number"]], ids=lambda p: p.name.split(".")[0]
)
def test_doc_number_is_found(path: Path, scored: dict[str, FileScore]) -> None:
    gold = load_gold(path)
    assert gold["doc_number"] in scored[gold["file"]].doc_numbers
