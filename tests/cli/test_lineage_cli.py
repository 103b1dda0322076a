"""`policykg lineage` on the corpus: counts per document beyond 50 tasks, every task with --tasks.

Figures counted by hand from the texts: 国发〔2021〕4号 is implemented by 渝府发〔2021〕31号 (municipal,
a reference document: no tasks loaded), 永川府办发〔2022〕14号 (96 rows in its task table, 36 distinct
units in its 责任单位 column once the two collective phrases 全区各相关部门 and 有关单位 are left out)
and 南川府发〔2022〕34号 (34 numbered items, no unit named); 石柱县's measures (23 items, the task table
with the units an absent attachment) implement it through 渝府发〔2021〕31号.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from policykg.cli import cli


def _lineage(store: str, *args: str) -> tuple[list[dict], str]:
    result = CliRunner().invoke(cli, ["lineage", *args, "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_a_national_policy_is_counted_per_document(corpus_store: str) -> None:
    rows, notes = _lineage(corpus_store, "国发〔2021〕4号")
    counts = {(r["doc_number"] or r["doc_title"][:8]): (r["depth"], r["level"], r["district"],
                                                        r["tasks"], r["assigned"], r["agencies"])
              for r in rows}
    assert counts == {
        "国发〔2021〕4号": (0, "national", None, 0, 0, 0),
        "渝府发〔2021〕31号": (1, "municipal", None, 0, 0, 0),
        # row 74 names only 全区各相关部门，有关单位: a task, but with no agency
        "永川府办发〔2022〕14号": (1, "district", "永川区", 96, 95, 36),
        "南川府发〔2022〕34号": (1, "district", "南川区", 34, 0, 0),
        "关于印发《石柱县": (2, "district", "石柱县", 23, 0, 0),
    }
    assert [r["doc_number"] for r in rows][:2] == ["国发〔2021〕4号", "渝府发〔2021〕31号"]
    by_number = {r["doc_number"]: r for r in rows}
    assert by_number["永川府办发〔2022〕14号"]["implements"] == "国发〔2021〕4号、渝府发〔2021〕31号"
    assert "4 implementing documents, 153 tasks, 36 agencies" in notes


def test_tasks_expands_the_summary_and_summary_shortens_a_small_lineage(corpus_store: str) -> None:
    rows, notes = _lineage(corpus_store, "国发〔2021〕4号", "--tasks")
    tasks = [r for r in rows if r["direction"] == "task"]
    assert len(tasks) == 96 + 34 + 23 and "153 tasks" in notes
    # 永川府办发〔2022〕14号 row 95 (推动排污权交易…) sits in 六、…（二十三）: its path, not "95" alone
    assert {r["path"] for r in tasks if r["text"].startswith("推动排污权交易")} == {"六（二十三）95"}
    small, _ = _lineage(corpus_store, "綦发改函〔2022〕140号")
    assert [r["direction"] for r in small].count("task") == 4  # the reply: handling + 3 next steps
    summary, _ = _lineage(corpus_store, "綦发改函〔2022〕140号", "--summary")
    # the handling task (主办 + 8 协办单位) and 一是 二是 三是 of 六、, led by the replying agency
    assert [(r["tasks"], r["assigned"], r["agencies"]) for r in summary] == [(4, 4, 9)]
    listed, _ = _lineage(corpus_store, "綦发改函〔2022〕140号")
    assert [r["path"] for r in listed if r["direction"] == "task"] == ["#1", "六、一是", "六、二是",
                                                                       "六、三是"]


def test_clauses_cannot_be_summarised(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["lineage", "国发〔2021〕4号", "--clauses", "--summary",
                                      "--store", corpus_store])
    assert result.exit_code == 2
    assert "--clauses lists the sections and tasks its links hang on" in result.stderr
