"""--limit/--offset: pages of a listing, in its order, add up to the whole listing; a whole
listing in csv or json is written as its rows arrive, the same bytes as when it was held."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.records import decimal_json
from policykg.queries import QueryError, named_queries, paged, run_named
from policykg.queries.output import Row, emit
from policykg.queries.reports import (
    documents_report,
    sparql_report,
    targets_report,
    unassigned_report,
)
from policykg.queries.source import QuerySource, open_source
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
    "clauses": ["clauses", "--status", "all", "--tasks"],
    "clauses-accepted": ["clauses", "--tasks"],
    "clause-tasks": ["sparql", "--name", "clause-tasks"],
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


class _Watched:
    """A source whose streamed rows note how much output was written before each was read."""

    def __init__(self, inner: QuerySource, out: io.StringIO) -> None:
        self.inner, self.out, self.written_before = inner, out, []

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        return self.inner.select(query, bindings)

    def stream(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterator[Row]:
        for row in self.inner.stream(query, bindings):
            self.written_before.append(len(self.out.getvalue()))
            yield row


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_whole_listing_is_written_as_its_rows_arrive(fmt: str, corpus_store: str) -> None:
    out = io.StringIO()
    source = _Watched(open_source(Path(corpus_store)), out)
    emit(sparql_report(source, None, "task-links", {}, stream=True), fmt, out=out,
         err=io.StringIO())
    written = source.written_before
    # the yongchuan task list alone has 199 task–agency links
    assert len(written) > 199
    # before the last row was read, all the others were already written out
    assert written[-1] > written[len(written) // 2] > written[1] > 0


REPORT_FUNCTIONS = {
    "documents": lambda source, stream: documents_report(source, stream=stream),
    "targets": lambda source, stream: targets_report(source, stream=stream),
    "unassigned": lambda source, stream: unassigned_report(source, "石柱县", stream=stream),
    "task-links": lambda source, stream: sparql_report(source, None, "task-links", {},
                                                       stream=stream),
    "outline": lambda source, stream: sparql_report(source, None, "outline", {}, stream=stream),
}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", sorted(REPORT_FUNCTIONS))
def test_streamed_output_is_the_held_output(name: str, fmt: str, corpus_store: str) -> None:
    source = open_source(Path(corpus_store))

    def printed(stream: bool) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        emit(REPORT_FUNCTIONS[name](source, stream), fmt, out=out, err=err)
        return out.getvalue(), err.getvalue()

    held = REPORT_FUNCTIONS[name](source, False)
    assert held.pending is None and held.rows
    assert printed(True) == printed(False)
    if fmt == "json":  # the layout json.dump(rows, indent=1) gave before rows were streamed
        columns = held.all_columns()
        rows = [{c: decimal_json(v) if isinstance(v := r.get(c), Decimal) else v
                 for c in columns} for r in held.rows]
        assert printed(True)[0] == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def test_a_streamed_title_counts_the_rows_after_them(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["unassigned", "--district", "石柱县", "--store",
                                      corpus_store, "--format", "csv"])
    assert result.exit_code == 0, result.output
    # 石柱县's 23 measures name no unit: their task table is an attachment the text lacks
    assert len(result.stdout.splitlines()) == 1 + 23
    assert result.stderr.splitlines()[0] == "23 tasks without a responsible agency in 石柱县"


def test_an_empty_streamed_listing_is_an_empty_array(corpus_store: str) -> None:
    out = io.StringIO()
    emit(targets_report(open_source(Path(corpus_store)), "没有这个指标", stream=True), "json",
         out=out, err=io.StringIO())
    assert out.getvalue() == "[]\n"


@pytest.mark.parametrize(("chunk", "rows"), [(1, 20_000), (2, 3), (64, 20_000)])
def test_a_listing_read_entity_by_entity_is_the_one_query_listing(
    chunk: int, rows: int, corpus_store: str, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.queries import bind_params, get_query, paging

    monkeypatch.setattr(paging, "FIRST_CHUNK", chunk)
    monkeypatch.setattr(paging, "CHUNK_ROWS", rows)  # 3: chunks shrink and grow again
    paged_by = [q for q in named_queries().values() if q.page_by]
    assert {q.name for q in paged_by} >= {"task-links", "outline", "tasks-mentioning",
                                          "lineage-tasks", "unassigned"}
    answered = set()
    for source in (open_source(Path(corpus_store)), open_source(store)):
        for query in paged_by:
            params = REQUIRED.get(query.name, {})
            one_query = source.select(query.text, bind_params(get_query(query.name), params))
            assert run_named(source, query.name, **params) == one_query, query.name
            answered |= {query.name} if one_query else set()
    # each on rows (the samples state no deadline, the fixture does)
    assert answered == {q.name for q in paged_by}


def test_deadlines_and_targets_are_numbered_in_their_listings_order(store: Path) -> None:
    from tests.support.fixture import BASE

    source = open_source(store)

    def numbered(prop: str) -> list[str]:
        rows = source.select("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                             f"SELECT ?s WHERE {{ ?s pol:{prop} ?n }} ORDER BY ?n")
        return [str(r["s"]).removeprefix(BASE) for r in rows]

    # the fixture's deadlines: 2022年6月底前 (14号 task 1), 2025年底前 (5号 task 2), then 长期坚持
    assert numbered("deadlineOrder") == ["doc/永川府办发-2022-14/task/1",
                                         "doc/永川府发-2023-5/task/2",
                                         "doc/永川府办发-2022-14/task/3"]
    # indicators by name in code-point order: 化学需氧量… (U+5316), 畜禽粪污… (U+755C), 非化石… (U+975E)
    assert numbered("targetOrder") == ["doc/永川府发-2023-5/indicator/2",
                                       "doc/永川府办发-2022-14/task/4/target/1",
                                       "doc/永川府发-2023-5/indicator/1"]
    second = run_named(source, "due", limit=1, offset=1)
    assert [(str(r["due_by"]), r["doc_number"], r["task_number"]) for r in second] == [
        ("2025-12-31", "永川府发〔2023〕5号", "2.")]
    assert [r["indicator"] for r in run_named(source, "targets", limit=2, offset=1)] == [
        "畜禽粪污资源化利用率", "非化石能源消费比重"]


def test_a_page_of_clause_links_reads_few_documents(corpus_store: str) -> None:
    # the corpus's clause links, whole and as a page of 3 after the first 5: the same rows
    source = open_source(Path(corpus_store))
    from policykg.queries.clauses import clauses_report

    whole = clauses_report(source, status="all", tasks=True).rows
    page = clauses_report(source, status="all", tasks=True, limit=3, offset=5)
    assert page.rows == whole[5:8] and page.title == "clause links (all), rows 6–8"

    # the review queue of the samples: two sections of 南川府发〔2022〕34号 against 国发〔2021〕4号
    # (a status the first documents lack: the rest is read in one query)
    queue = [clauses_report(source, status="candidate", limit=1, offset=n).rows for n in (0, 1, 2)]
    assert [[(r["document"], r["local_path"], r["upstream"]) for r in rows] for rows in queue] == [
        [("南川府发〔2022〕34号", "三、", "国发〔2021〕4号")],
        [("南川府发〔2022〕34号", "三、（三）", "国发〔2021〕4号")], []]


def test_the_search_index_narrows_tasks_mentioning_to_the_documents_that_can_answer(
        corpus_store: str, tmp_path: Path) -> None:
    import shutil

    from policykg.graph.search_index import INDEX_NAME, SearchIndex
    from policykg.graph.store import live_dir

    # 垃圾分类 in the samples (by hand): 南川府发〔2022〕34号 tasks 12, 16, 21; 石柱's measures
    # (no 文号) 8, 11, 19; 永川府办发〔2022〕14号 36, 48, 55, 68, 82. 綦江's reply mentions it in a
    # paragraph that is no task.
    words = ("垃圾分类", "清洁生产", "碳", "不存在的词")
    copy = tmp_path / "store"
    shutil.copytree(corpus_store, copy, symlinks=True)
    indexed = open_source(copy)
    with_index = {(w, limit): run_named(indexed, "tasks-mentioning", text_contains=w, limit=limit)
                  for w in words for limit in (None, 2, 50)}
    index = SearchIndex.of(live_dir(copy))
    assert index is not None and len(index.documents_with("垃圾分类")) == 3  # the three above
    (live_dir(copy) / INDEX_NAME).unlink()
    plain = open_source(copy)
    assert with_index == {(w, limit): run_named(plain, "tasks-mentioning", text_contains=w,
                                                limit=limit)
                          for w in words for limit in (None, 2, 50)}
    rows = with_index[("垃圾分类", None)]
    assert sorted({(r["doc_number"] or "", int(r["task_number"])) for r in rows}) == [
        ("", 8), ("", 11), ("", 19), ("南川府发〔2022〕34号", 12), ("南川府发〔2022〕34号", 16),
        ("南川府发〔2022〕34号", 21), ("永川府办发〔2022〕14号", 36), ("永川府办发〔2022〕14号", 48),
        ("永川府办发〔2022〕14号", 55), ("永川府办发〔2022〕14号", 68), ("永川府办发〔2022〕14号", 82)]
    assert with_index[("不存在的词", None)] == []


def test_pages_of_a_search_follow_the_matched_nodes_iri_order(corpus_store: str) -> None:
    # 垃圾分类 in the samples' task texts (by hand, as above), and in no title or agency name; the
    # search lists the matched nodes in IRI order (…/task/11 before …/task/19 before …/task/8)
    source = open_source(Path(corpus_store))
    pages = [run_named(source, "search", text_contains="垃圾分类", limit=4, offset=n)
             for n in range(0, 16, 4)]
    assert [len(page) for page in pages] == [4, 4, 3, 0]
    rows = [row for page in pages for row in page]
    assert rows == run_named(source, "search", text_contains="垃圾分类")
    assert [(r["kind"], r["node_district"], r["task_order"]) for r in rows] == [
        ("task", "南川区", 12), ("task", "南川区", 16), ("task", "南川区", 21),
        ("task", "永川区", 36), ("task", "永川区", 48), ("task", "永川区", 55),
        ("task", "永川区", 68), ("task", "永川区", 82),
        ("task", "石柱县", 11), ("task", "石柱县", 19), ("task", "石柱县", 8)]
    # one district: the listing is one query (its matches are scattered in the order of all)
    assert [r["task_order"] for r in run_named(source, "search", text_contains="垃圾分类",
                                               district="石柱县", limit=2)] == [11, 19]


def test_documents_are_numbered_by_district_name_then_position(corpus_store: str) -> None:
    # the samples' districts in code-point order: 南 U+5357, 永 U+6C38, 石 U+77F3, 綦 U+7DA6; within
    # one, by 文号 (南川府发〔2022〕33号 before 34号, 永川府办发 before 永川府发)
    rows = open_source(Path(corpus_store)).select(
        "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
        "SELECT ?doc WHERE { ?doc pol:districtDocumentOrder ?n } ORDER BY ?n")
    assert [str(r["doc"]).rsplit("/", 1)[-1] for r in rows] == [
        "南川府发-2022-33", "南川府发-2022-34", "永川府办发-2022-14", "永川府发-2023-5",
        "石柱县-20220407-f7456cc1", "綦发改函-2022-140"]


def test_documents_listing_is_numbered_by_status_date_then_position(corpus_store: str) -> None:
    # loaded ones by 成文日期 (永川 2022-02-16, 石柱 04-07, 綦江 06-27, 南川 09-27 and 10-26,
    # 永川 2023-03-01); the upstream registry's by date (2021-02-02, 2021-10 (a month),
    # 2021-12-28, 2022 (a year)); the cited, unknown ones have no date: by 文号 (南 before 渝)
    source = open_source(Path(corpus_store))
    rows = source.select(
        "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
        "SELECT ?doc WHERE { ?doc pol:documentListingOrder ?n } ORDER BY ?n")
    expected = [
        "永川府办发-2022-14", "石柱县-20220407-f7456cc1", "綦发改函-2022-140", "南川府发-2022-33",
        "南川府发-2022-34", "永川府发-2023-5", "国发-2021-4", "渝府发-2021-31", "国发-2021-33",
        "渝府发-2022-39", "南川府办发-2016-72", "南川府办发-2022-17", "渝建绿建-2022-3"]
    assert [str(r["doc"]).rsplit("/", 1)[-1] for r in rows] == expected
    # the listing's pages follow it, as the one query orders them
    whole = run_named(source, "documents")
    assert [str(r["doc"]).rsplit("/", 1)[-1] for r in whole] == expected
    assert run_named(source, "documents", limit=3, offset=5) == whole[5:8]


def test_targets_of_an_indicator_narrow_after_the_first_chunks(
        corpus_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # chunks of 1, 2, 4, 8 targets (15 of the samples' targets in targetOrder), then only the
    # targets whose indicator name contains the text: the same rows and pages as the one query
    import dataclasses

    import policykg.queries as queries
    from policykg.queries import paging

    monkeypatch.setitem(paging.ENTITY_ORDER, "target",
                        dataclasses.replace(paging.ENTITY_ORDER["target"], first=1))
    asked = []
    narrowed = queries._narrowed
    monkeypatch.setattr(queries, "_narrowed", lambda *a: asked.append(a[2]) or narrowed(*a))
    source = open_source(Path(corpus_store))
    # by hand: 农药利用率 twice (南川's indicator table 主要农作物农药利用率 43%, 永川's plan 农药利用率
    # 43%), 数字化车间 once (南川's table, 15 家): 4th, 19th and 51st of the 104 targets in order
    for text, count in (("农药利用率", 2), ("数字化车间", 1), ("率", None), ("不存在的指标", 0)):
        whole = run_named(source, "targets", indicator_contains=text)
        assert count is None or len(whole) == count
        assert all(text in r["indicator"] for r in whole)
        for offset in (0, 1, 5):
            asked.clear()
            assert run_named(source, "targets", indicator_contains=text, limit=3,
                             offset=offset) == whole[offset:offset + 3], (text, offset)
            assert len(asked) == (len(whole) < offset + 3)  # narrowed when the page was short
