"""Clause links of the bundled corpus against the links written by hand (tests/data/clauses)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from policykg.graph.location import open_read_only
from policykg.queries.clauses import clause_links
from policykg.queries.source import EmbeddedSource

HAND = Path(__file__).resolve().parent.parent / "data" / "clauses" / "hand_links.tsv"


def _hand() -> dict[tuple[str, str], tuple[str, str]]:
    lines = [ln for ln in HAND.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {(r["document"], r["unit"]): (r["upstream"], r["upstream_path"])
            for r in csv.DictReader(lines, delimiter="\t")}


@pytest.fixture(scope="module")
def links(corpus_store: str) -> dict[tuple[str, str], dict]:
    rows = clause_links(EmbeddedSource(open_read_only(corpus_store)))
    return {(r["document"], "/".join(str(r["local_iri"]).rsplit("/", 2)[-2:])): r for r in rows}


def test_hand_links_cover_the_four_documents() -> None:
    hand = _hand()
    docs = {d for d, _ in hand}
    assert len(docs) == 4
    # 29 headings of 永川府办发〔2022〕14号 (6 parts, 23 sections), 26 of 永川府发〔2023〕5号
    assert sum(d == "永川府办发〔2022〕14号" for d, _ in hand) == 29
    assert sum(d == "永川府发〔2023〕5号" for d, _ in hand) == 26


def test_every_accepted_link_on_a_hand_labelled_unit_is_right(links) -> None:
    wrong = [(k, v, (links[k]["upstream"], links[k]["upstream_path"]))
             for k, v in _hand().items()
             if k in links and links[k]["status"] == "accepted"
             and (links[k]["upstream"], links[k]["upstream_path"]) != v]
    assert wrong == []


def test_coverage_of_hand_links_is_at_least_090(links) -> None:
    linked = {k: v for k, v in _hand().items() if v[1] != "none"}
    right = [k for k, v in linked.items() if k in links
             and (links[k]["upstream"], links[k]["upstream_path"]) == v]
    assert len(right) / len(linked) >= 0.9, sorted(set(linked) - set(right))


@pytest.mark.parametrize("unit, clause, method", [
    # 14号 numbers its sections （一）… where 国发〔2021〕4号 has （四）…: a constant offset of three
    (("永川府办发〔2022〕14号", "section/1.1"), "二、（四）", "title"),
    (("永川府办发〔2022〕14号", "section/6.6"), "七、（二十六）", "title"),
    # a merged clause: 完善绿色统计标准体系 for 完善绿色标准、绿色认证体系和统计监测制度
    (("永川府办发〔2022〕14号", "section/6.5"), "七、（二十五）", "similarity"),
    # the localised heading 成渝地区双城经济圈污染共治工程 for 重点区域污染物减排工程, placed by order
    (("永川府发〔2023〕5号", "section/3.7"), "三、（七）", "order"),
    # 南川 regroups: item 17 restates （八） out of order, item 27 （二十三） after （二十四）
    (("南川府发〔2022〕34号", "task/17"), "二、（八）", "title"),
    (("南川府发〔2022〕34号", "task/27"), "七、（二十三）", "title"),
])
def test_notable_links(links, unit, clause, method) -> None:
    row = links[unit]
    assert (row["upstream_path"], row["method"], row["status"]) == (clause, method, "accepted")


def test_items_restating_no_clause_get_no_accepted_link(links) -> None:
    # 南川府发〔2022〕34号 items 30-34 (中新绿色发展合作) restate nothing of 国发〔2021〕4号
    for n in range(30, 35):
        row = links.get(("南川府发〔2022〕34号", f"task/{n}"))
        assert row is None or row["status"] == "candidate"


def test_tasks_inherit_their_section_link(links) -> None:
    # 永川府办发〔2022〕14号 task 9 (大力发展现代山地特色高效农业) sits in （二）加快农业绿色发展
    row = links[("永川府办发〔2022〕14号", "task/9")]
    assert (row["upstream"], row["upstream_path"], row["method"]) == (
        "国发〔2021〕4号", "二、（五）", "inherited")


def test_the_kind_parameter_keeps_the_links_of_sections_or_of_tasks(corpus_store: str) -> None:
    from policykg.queries import run_named

    source = EmbeddedSource(open_read_only(corpus_store))
    everything = run_named(source, "clause-links", status="accepted")
    sections = run_named(source, "clause-links", status="accepted", kind="section")
    assert sections == [r for r in everything if r["kind"] == "section"]
    # 14号's section （一）推进工业绿色升级 (section 1.1) implements 国发〔2021〕4号 二、（四）
    linked = {str(r["unit"]).rsplit("/", 2)[-2:][1]: r for r in sections
              if r["doc_number"] == "永川府办发〔2022〕14号"}
    assert linked["1.1"]["upstream_unit_number"] == "（四）"
    assert linked["1.1"]["upstream_number"] == "国发〔2021〕4号"
    tasks = run_named(source, "clause-links", kind="task")
    assert tasks and {r["kind"] for r in tasks} == {"task"}
