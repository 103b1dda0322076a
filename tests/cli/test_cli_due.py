"""``policykg due`` and ``tasks --due-before`` on the hand-written fixture, in every format.

The fixture (tests/data/queries/fixture.trig) holds three deadlines: 永川府办发〔2022〕14号 task 1
2022年6月底前 (发展改革委 lead, 生态环境局 co), task 3 长期坚持 (全区各相关部门), and 永川府发〔2023〕5号
task 2. 2025年底前 (生态环境局 lead, 人行永川中心支行 co); and a goal row of 2133.3 吨.
"""

from __future__ import annotations

import csv
import io

from tests.cli.test_cli_reports import run, run_json, store  # noqa: F401 - the store fixture


def test_due_as_of_a_day_in_every_format(store: str) -> None:  # noqa: F811
    rows = run_json("due", "--as-of", "2023-07-01", "--store", store)
    assert [(r["status"], r["due_by"], r["deadline"], r["doc_number"], r["task_number"])
            for r in rows] == [
        ("overdue", "2022-06-30", "2022年6月底前", "永川府办发〔2022〕14号", "1"),
        ("due", "2025-12-31", "2025年底前", "永川府发〔2023〕5号", "2."),
        ("ongoing", None, "长期坚持", "永川府办发〔2022〕14号", "3"),
    ]
    assert sorted(rows[0]["owners"].split("、")) == [
        "重庆市永川区发展和改革委员会 (lead)", "重庆市永川区生态环境局 (co)"]
    assert rows[2]["owners"] == "全区各相关部门"
    table = run("due", "--as-of", "2023-07-01", "--store", store).stdout
    assert "1 overdue, 1 due, 1 ongoing" in table and "2022年6月底前" in table
    parsed = list(csv.DictReader(io.StringIO(
        run("due", "--as-of", "2023-07-01", "--store", store, "--format", "csv").stdout)))
    assert [r["status"] for r in parsed] == ["overdue", "due", "ongoing"]
    markdown = run("due", "--as-of", "2026-01-01", "--store", store, "--format", "markdown").stdout
    # the task by its path: item 2. of section （一） (numbering restarts per section)
    assert "| overdue | 2025-12-31 | 2025年底前 | 永川区 | 永川府发〔2023〕5号 | （一）2 |" in markdown


def test_due_of_one_agency_and_district(store: str) -> None:  # noqa: F811
    rows = run_json("due", "--agency", "区生态环境局", "--as-of", "2023-07-01", "--store", store)
    assert [r["deadline"] for r in rows] == ["2022年6月底前", "2025年底前"]
    assert run_json("due", "--district", "綦江区", "--store", store) == []
    assert "no agency named '区水务局'" in run("due", "--agency", "区水务局", "--store", store,
                                             code=1).stderr


def test_tasks_due_before(store: str) -> None:  # noqa: F811
    rows = run_json("tasks", "--agency", "区生态环境局", "--due-before", "2023-01-01",
                    "--store", store)
    assert [(r["doc_number"], r["task_number"], r["role"], r["due_by"], r["deadline"])
            for r in rows] == [("永川府办发〔2022〕14号", "1", "co", "2022-06-30", "2022年6月底前")]
    assert len(run_json("tasks", "--agency", "区生态环境局", "--due-before", "2026-01-01",
                        "--store", store)) == 2
    assert "Invalid value for '--due-before'" in run(
        "tasks", "--agency", "区生态环境局", "--due-before", "2023-13-01", "--store", store,
        code=2).stderr


def test_targets_keep_the_texts_digits_in_every_format(store: str) -> None:  # noqa: F811
    rows = run_json("targets", "--indicator", "减排量", "--store", store)
    assert [(r["indicator"], r["value"], r["unit"], r["line"]) for r in rows] == [
        ("化学需氧量重点工程减排量", 2133.3, "吨", 22)]
    for fmt in ("table", "csv", "markdown"):
        out = run("targets", "--indicator", "减排量", "--store", store, "--format", fmt).stdout
        assert "2133.3" in out, fmt


def test_due_of_given_tasks(store: str) -> None:  # noqa: F811
    # the due query bound to tasks (what the agency reports bind: read from the agency first)
    task = "https://w3id.org/policykg/doc/永川府办发-2022-14/task/1"
    rows = run_json("sparql", "--name", "due", "--param", f"task={task}", "--store", store)
    assert [(r["task"], r["deadline"]) for r in rows] == [(task, "2022年6月底前")]
    other = "https://w3id.org/policykg/doc/永川府办发-2022-14/task/2"  # no deadline
    assert run_json("sparql", "--name", "due", "--param", f"task={other}", "--store", store) == []
