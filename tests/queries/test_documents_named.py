"""A document named by 文号, title or IRI is looked up, not found in the whole documents listing;
the lineage report reads the rows of its lineage's documents only."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.queries import run_named
from policykg.queries.lineage import document_named, documents_of, lineage_report
from policykg.queries.source import open_source

DOC = "https://w3id.org/policykg/doc/"


def test_a_document_is_found_by_its_number_title_or_iri(corpus_store: str) -> None:
    source = open_source(Path(corpus_store))
    # 永川府办发〔2022〕14号, its 96 tasks (the samples' task list), by any bracket of its 文号
    for name in ("永川府办发〔2022〕14号", "永川府办发[2022]14号", "永川府办发（2022）14号",
                 "重庆市永川区人民政府办公室关于印发重庆市永川区加快建立健全绿色低碳循环发展经济体系"
                 "重点任务清单的通知", DOC + "永川府办发-2022-14"):
        row = document_named(source, name)
        assert (row["doc"], row["doc_number"], row["task_count"]) == (
            DOC + "永川府办发-2022-14", "永川府办发〔2022〕14号", 96), name
    # 石柱县's measures have no 文号: found by title
    assert document_named(source, "关于印发《石柱县加快建立健全绿色低碳循环经济体系工作措施》的通知"
                          )["district"] == "石柱县"
    # an upstream policy of the registry
    assert document_named(source, "国发〔2021〕4号")["status"] == "reference"
    with pytest.raises(LookupError, match="closest: 国发〔2021〕4号"):
        document_named(source, "国发〔2021〕5号")


def test_the_rows_of_a_few_documents_are_those_of_the_listing(corpus_store: str) -> None:
    source = open_source(Path(corpus_store))
    every = run_named(source, "documents")
    wanted = [DOC + "永川府发-2023-5", DOC + "南川府发-2022-34", DOC + "国发-2021-4"]
    assert documents_of(source, wanted) == [r for r in every if r["doc"] in wanted]
    assert documents_of(source, []) == []


def test_the_lineage_summary_counts_the_lineage_s_documents(corpus_store: str) -> None:
    # 国发〔2021〕4号 ← 渝府发〔2021〕31号 ← the district documents that implement it: counted per
    # document (over 50 tasks); 永川府办发〔2022〕14号 holds 96 of them
    report = lineage_report(open_source(Path(corpus_store)), "国发〔2021〕4号")
    tasks = {r["doc_number"]: r["tasks"] for r in report.rows}
    assert tasks["国发〔2021〕4号"] == 0 and tasks["永川府办发〔2022〕14号"] == 96


def test_lineage_tasks_pages_read_only_the_lineage_s_documents(corpus_store: str) -> None:
    from policykg.queries import _narrowed, bind_params, get_query

    source = open_source(Path(corpus_store))
    start = DOC + "永川府办发-2022-14"  # implemented by no other sample: its own 96 tasks
    query = get_query("lineage-tasks")
    assert _narrowed(source, query, bind_params(query, {"start": start})) == {start}
    pages = [run_named(source, "lineage-tasks", start=start, limit=40, offset=n)
             for n in (0, 40, 80, 120)]
    assert [len(page) for page in pages] == [40, 40, 16, 0]
    assert [r for page in pages for r in page] == run_named(source, "lineage-tasks", start=start)
    # 国发〔2021〕4号's lineage: itself, 渝府发〔2021〕31号 and the district documents under them
    upstream = DOC + "国发-2021-4"
    lineage = _narrowed(source, query, bind_params(query, {"start": upstream}))
    assert {upstream, DOC + "渝府发-2021-31", start} <= lineage
    assert DOC + "永川府发-2023-5" not in lineage  # it implements the 节能减排 plans instead
