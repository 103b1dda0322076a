"""Two files that hold copies of one document (one 文号) built into one store."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.store import write_store
from policykg.graph.validate import validate_store
from policykg.loaders import extract_paths

NARRATIVE = Path(__file__).resolve().parent.parent / "data" / "loaders" / "narrative"
# Both are 京兴政办发〔2023〕1号 (北京市大兴区): a web page whose 信息名称 field gives the title
# without its issuer, and a copy opening with the 文号 and the full title; different excerpts.
COPIES = ["beijing_post_label_lines.txt", "daxing_deadline_labels.txt"]


@pytest.mark.xfail(
    strict=True,
    reason="known: the document IRI is its 文号, so each file's title, task count and task/N "
    "(line numbers, targets) land on the same nodes; the store has no model yet for one "
    "document read from several differing copies",
)
def test_two_copies_of_one_document_conform_to_the_shapes(tmp_path: Path) -> None:
    reports = write_store(list(extract_paths([NARRATIVE / name for name in COPIES])), tmp_path)
    assert [r.errors for r in reports] == [(), ()]
    violations = validate_store(tmp_path)
    assert violations == [], "\n".join(map(str, violations))
