"""`policykg search`: exact for two-character words, ranked, with owners, paths and documents.

Expectations read by hand from the corpus texts (grep 碳汇 data/corpus/chongqing/*.txt: one item
in each of four documents; the headings above each item give its path).
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from policykg.cli import cli


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
    assert result.stdout.splitlines()[0] == "0 tasks match '火星基地'"
