"""`policykg search`: exact for two-character words, ranked, with owners, paths and documents.

Expectations read by hand from the corpus texts (grep 碳汇 data/corpus/chongqing/*.txt: one item
in each of four documents; grep 垃圾: 19 task items in four documents, the 20th line being a row
of 南川's indicator table and the 21st 綦江's account of past plans, neither a task; the headings
above each item give its path). The build's search index must give the same rows as the SPARQL
path (an endpoint, or a store without index).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.search_index import INDEX_NAME
from policykg.queries.search import search_report
from policykg.queries.source import EmbeddedSource, RemoteSource, open_source

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "chongqing"


def _search(store: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["search", *args, "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_two_character_word_finds_every_task_holding_it(corpus_store: str) -> None:
    rows = _search(corpus_store, "碳汇")
    found = {(r["doc_number"] or r["doc_title"][:6], r["path"]) for r in rows}
    assert found == {("关于印发《石", "二（六）23"), ("南川府发〔2022〕34号", "三(五)29"),
                     ("永川府办发〔2022〕14号", "六（二十三）95"), ("永川府发〔2023〕5号", "四（六）1")}
    assert all("碳汇" in r["text"] and r["matched"] == "task" for r in rows)
    owners = {r["path"]: r["agencies"] for r in rows}
    assert owners["六（二十三）95"] == "区生态环境局（lead）、区财政局（co）"
    assert owners["四（六）1"] == "区发展改革委（joint）、区生态环境局（joint）、区经济信息委（joint）"
    assert owners["二（六）23"] == ""  # 石柱县's task table is an attachment that is absent


def test_district_and_role_narrow_the_matches(corpus_store: str) -> None:
    assert [r["path"] for r in _search(corpus_store, "碳汇", "--district", "永川区",
                                       "--role", "lead")] == ["六（二十三）95"]
    assert {r["district"] for r in _search(corpus_store, "垃圾", "--district", "南川区")} == {"南川区"}


def test_an_agency_name_finds_its_tasks_and_own_text_ranks_first(corpus_store: str) -> None:
    rows = _search(corpus_store, "区财政局", "--district", "永川区", "--limit", "200")
    assert rows and all("区财政局" in r["agencies"] for r in rows)
    assert {r["matched"] for r in rows} <= {"agency", "agency、task"}
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_a_section_title_stands_for_its_tasks(corpus_store: str) -> None:
    # 永川府发〔2023〕5号 四、…（六）推行市场化机制 holds items 1. and 2.
    rows = _search(corpus_store, "推行市场化机制", "--district", "永川区")
    assert {r["path"] for r in rows if r["doc_number"] == "永川府发〔2023〕5号"} == {"四（六）1",
                                                                                "四（六）2"}
    assert {r["matched"] for r in rows} == {"section"}


def test_nothing_found_is_an_empty_answer_not_an_error(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["search", "火星基地", "--store", corpus_store])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == "No tasks match '火星基地'.\n"


def test_a_two_character_word_in_every_document_counted_by_hand(corpus_store: str) -> None:
    rows = _search(corpus_store, "垃圾", "--limit", "100")
    assert len(rows) == 19 and all("垃圾" in r["text"] for r in rows)
    by_doc: dict[str, set[str]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_number"] or row["doc_title"][:6], set()).add(row["path"])
    assert {doc: len(paths) for doc, paths in by_doc.items()} == {
        "关于印发《石": 4, "南川府发〔2022〕34号": 5, "永川府办发〔2022〕14号": 6, "永川府发〔2023〕5号": 4}
    # 石柱县 measures 8．11．13．19． under 二、（二）（三）（四）（六）; 永川府发〔2023〕5号 三、（一）2.
    # （五）3. （十）1. 2.; the item numbers of the two lists as written
    assert by_doc["关于印发《石"] == {"二（二）8", "二（三）11", "二（四）13", "二（六）19"}
    assert by_doc["永川府发〔2023〕5号"] == {"三（一）2", "三（五）3", "三（十）1", "三（十）2"}
    assert sorted(int(p.rsplit(")", 1)[-1].rsplit("）", 1)[-1])
                  for p in by_doc["南川府发〔2022〕34号"]) == [12, 16, 19, 21, 25]
    assert sorted(int(p.rsplit("）", 1)[-1]) for p in by_doc["永川府办发〔2022〕14号"]) == [
        36, 48, 55, 68, 76, 82]


CASES = [("垃圾", None, None, 20), ("碳汇", None, None, 20), ("垃圾", "永川区", "lead", 20),
         ("区财政局", "永川区", None, 20), ("绿色", None, None, 5), ("推行市场化机制", None, None, 20),
         ("能", "南川区", None, 7), ("生态环境局", None, "co", 10)]


def test_the_index_gives_the_same_rows_as_sparql(corpus_store: str) -> None:
    indexed = open_source(Path(corpus_store), None)
    assert isinstance(indexed, EmbeddedSource)
    assert (indexed.location / INDEX_NAME).is_file()  # written by the build, in its generation
    plain = EmbeddedSource(indexed.store)  # no location: no index, the SPARQL path
    for text, district, role, limit in CASES:
        with_index = search_report(indexed, text, district, role, limit)
        without = search_report(plain, text, district, role, limit)
        assert with_index.title == without.title, text
        assert with_index.rows == without.rows, text
    assert search_report(plain, "垃圾").title == "19 tasks match '垃圾'"


@pytest.mark.server
def test_search_over_an_endpoint_equals_the_indexed_store(corpus_store: str,
                                                          corpus_endpoint: str) -> None:
    indexed = open_source(Path(corpus_store), None)
    for text, district, role, limit in CASES[:4]:
        assert (search_report(RemoteSource(corpus_endpoint), text, district, role, limit).rows
                == search_report(indexed, text, district, role, limit).rows), text


def test_every_build_writes_a_fresh_index(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / "yongchuan_2023_energy_saving_plan.txt", folder)
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(folder), "--store", store]).exit_code == 0
    first = open_source(Path(store), None)
    assert [r["path"] for r in _search(store, "垃圾")] == ["三（一）2", "三（五）3", "三（十）1",
                                                        "三（十）2"]
    shutil.copy(CORPUS / "shizhu_2022_green_lowcarbon_measures.txt", folder)
    assert runner.invoke(cli, ["build", str(folder), "--store", store]).exit_code == 0
    assert len(_search(store, "垃圾")) == 8  # 石柱县's four items found at once
    # a reader that opened the earlier generation keeps reading that generation's index
    assert search_report(first, "垃圾").title == "4 tasks match '垃圾'"
