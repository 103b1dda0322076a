"""--limit/--offset: pages of a listing, in its order, add up to the whole listing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries import QueryError, named_queries, paged, run_named
from policykg.queries.source import open_source
from tests.support.fixture import REQUIRED_PARAMS as REQUIRED


def test_pages_of_every_named_query_add_up_to_the_whole_listing(store: Path) -> None:
    source = open_source(store)
    for name in named_queries():
        params = REQUIRED.get(name, {})
        whole = run_named(source, name, **params)
        pages = [run_named(source, name, limit=2, offset=n, **params)
                 for n in range(0, len(whole) + 2, 2)]
        assert [row for page in pages for row in page] == whole, name
        assert all(len(page) <= 2 for page in pages)


def test_cli_pages_through_a_report(store: Path) -> None:
    def rows(*args: str) -> list[str]:
        result = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", "csv"])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()

    whole = rows("sparql", "--name", "task-links")
    assert rows("sparql", "--name", "task-links", "--limit", "2", "--offset", "1") == [
        whole[0], *whole[2:4]]
    documents = rows("documents")
    assert rows("documents", "--limit", "1", "--offset", "1") == [documents[0], documents[2]]


def test_negative_or_ad_hoc_paging_is_refused(store: Path) -> None:
    with pytest.raises(QueryError):
        paged("SELECT * WHERE { ?s ?p ?o }", -1)
    result = CliRunner().invoke(cli, ["sparql", "SELECT * WHERE { ?s ?p ?o }", "--limit", "1",
                                      "--store", str(store)])
    assert result.exit_code == 1 and "write LIMIT/OFFSET in QUERY" in result.stderr


REPORTS = {  # every listing report of the CLI, on the bundled corpus
    "tasks": ["tasks", "--agency", "区生态环境局"],
    "agencies": ["agencies"],
    "documents": ["documents"],
    "targets": ["targets"],
    "unassigned": ["unassigned"],
    "task-links": ["sparql", "--name", "task-links"],
    "outline": ["sparql", "--name", "outline"],
}


def _csv(store: str, args: list[str]) -> list[list[str]]:
    import csv

    result = CliRunner().invoke(cli, [*args, "--store", store, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.reader(result.stdout.splitlines()))


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_pages_of_every_report_add_up_to_the_whole_report(report: str, corpus_store: str) -> None:
    args = REPORTS[report]
    header, *whole = _csv(corpus_store, args)
    size = max(1, len(whole) // 3)  # about three pages, the last one short
    pages = []
    for offset in range(0, len(whole) + size, size):
        page_header, *rows = _csv(corpus_store, [*args, "--limit", str(size),
                                                 "--offset", str(offset)])
        assert page_header == header and len(rows) <= size
        pages += rows
    assert pages == whole and len(whole) > 3, report


def test_pages_of_the_deadlines_follow_the_report_order(store: Path) -> None:
    # the samples state no deadline; the hand-written fixture does. due sorts by status, which
    # depends on --as-of, so its pages are cut after that sort
    args = ["due", "--as-of", "2023-07-01"]
    header, *whole = _csv(str(store), args)
    pages = [_csv(str(store), [*args, "--limit", "1", "--offset", str(n)])[1:]
             for n in range(len(whole) + 1)]
    assert [row for page in pages for row in page] == whole and len(whole) >= 2
    status = header.index("status")
    assert [row[status] for row in whole] == sorted(
        (row[status] for row in whole), key=["overdue", "due", "ongoing", "undated"].index)


def test_paging_the_documents_of_the_corpus(corpus_store: str) -> None:
    header, *rows = _csv(corpus_store, ["documents"])
    loaded = [dict(zip(header, row, strict=True)) for row in rows]
    loaded = [r for r in loaded if r["status"] == "loaded"]
    # the six documents of the five sample files (the gazette holds two; 石柱县's has no 文号)
    assert sorted(r["doc_number"] for r in loaded) == [
        "", "南川府发〔2022〕33号", "南川府发〔2022〕34号", "永川府办发〔2022〕14号",
        "永川府发〔2023〕5号", "綦发改函〔2022〕140号"]
    first, second = (_csv(corpus_store, ["documents", "--limit", "3", "--offset", str(n)])[1:]
                     for n in (0, 3))
    assert first + second == rows[:6]
