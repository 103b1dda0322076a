"""Deadlines: the development set's, every one a person reads as a deadline, and the forms.

Expected values are worked out by hand from the development set (data/corpus/realworld/): three
of its texts state task deadlines — 霍山县开发区 2025 (完成时限 column: 全年), 咸阳 2022 (2022年10月底前 in
an item), 昆明官渡 2016 (5月底前 in an item; the excerpt has no date, 文号 or title, so its year is
unknown). The other 21 state none (checked by hand: their 时间节点 / 时限 words are in notices about
reporting, 每月 / 每季度 recurrences, or cut off by the excerpt).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policykg.loaders import extract_paths
from policykg.loaders.deadlines import due_date, find_deadline, parse_deadline
from policykg.loaders.records import Deadline

DATA = Path(__file__).parent.parent.parent / "data" / "corpus" / "realworld"


def deadlines(name: str) -> list[tuple[str, Deadline | None]]:
    """(task id, deadline) of every task of a development-set text."""
    (extraction,) = list(extract_paths([DATA / name]))
    return [(t.id, t.deadline) for d in extraction.documents for t in d.tasks]


def test_huoshan_deadline_column() -> None:
    # 2025年开发区重点工作及责任清单: 完成时限 column, 全年 on rows 1-3 (lines 11, 16, 21)
    assert deadlines("huoshan_kfq_2025_pipetable.txt") == [
        ("1", Deadline("during", "2025", "全年", line=11)),
        ("2", Deadline("during", "2025", "全年", line=16)),
        ("3", Deadline("during", "2025", "全年", line=21)),
    ]


def test_xianyang_dated_phrase() -> None:
    # 1.全面實施行政許可事項清單管理。…2022年10月底前編制並公布… (line 4); item 2 states none
    assert deadlines("xianyang_fangguanfu_2022_trad.txt") == [
        ("1", Deadline("by", "2022-10", "2022年10月底前", line=4)),
        ("2", None),
    ]


def test_no_other_text_of_the_development_set_states_a_deadline() -> None:
    stated = {p.name for p in DATA.glob("*.txt") if any(d for _, d in deadlines(p.name))}
    assert stated == {"huoshan_kfq_2025_pipetable.txt", "xianyang_fangguanfu_2022_trad.txt",
                      "kunming_guandu_wenzengzhang_2016.txt"}


def test_kunming_phrase_without_its_year() -> None:
    # 5月底前实现我区中介超市上线运行 (line 3): the excerpt names no year of its own: none invented
    found = dict(deadlines("kunming_guandu_wenzengzhang_2016.txt"))
    assert found["1"] == Deadline("by", None, "5月底前", line=3)
    assert [k for k, v in found.items() if v] == ["1"]


@pytest.mark.parametrize(("cell", "kind", "due", "start"), [
    ("2023年12月底前", "by", "2023-12", None),
    ("2023年6月30日前", "by", "2023-06-30", None),
    ("6月底前", "by", "2024-06", None),
    ("十月底", "by", "2024-10", None),
    ("2025年底前", "by", "2025", None),
    ("年底前", "by", "2024", None),
    ("全年", "during", "2024", None),
    ("2023—2025年", "during", "2025", "2023"),
    ("“十四五”期间", "during", "2025", "2021"),
    ("第一季度", "by", "2024-03", None),
    ("上半年", "by", "2024-06", None),
    ("长期坚持", "ongoing", None, None),
    ("持续推进", "ongoing", None, None),
    ("常态化开展", "ongoing", None, None),
])
def test_cells(cell: str, kind: str, due: str | None, start: str | None) -> None:
    found = parse_deadline(cell, 7, year=2024)
    assert found == Deadline(kind, due, cell, start=start, line=7)


@pytest.mark.parametrize("text", [
    "各单位每月25日前报送工作推进情况表",  # recurring
    "每年年底前报送年度总结",  # recurring
    "到2025年，森林覆盖率达到55%",  # a target's year, not a deadline
    "持续推进灌区节水改造",  # a verb in running text
])
def test_not_deadlines_in_text(text: str) -> None:
    assert find_deadline(text, 1, 2024) is None


def test_latest_dated_phrase_governs() -> None:
    found = find_deadline("6月底前完成方案编制，2023年12月31日前全面建成。", 1, 2023)
    assert found == Deadline("by", "2023-12-31", "2023年12月31日前", line=1)


def test_due_date_is_the_last_day_allowed() -> None:
    assert due_date(Deadline("by", "2025", "2025年底前")) == date(2025, 12, 31)
    assert due_date(Deadline("by", "2023-06", "6月底前")) == date(2023, 6, 30)
    assert due_date(Deadline("by", "2024-02", "2月底前")) == date(2024, 2, 29)
    assert due_date(Deadline("ongoing", None, "长期坚持")) is None
