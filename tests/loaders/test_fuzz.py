"""Hostile input gives records or the project's own error for the file, never an exception.

A few generated cases per run (the full run is bench/fuzz.py, ≥ 10,000 cases); the generators are
shared with it (tests/support/fuzzing.py). Each crash the fuzzer found is a regression test below.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.loaders import extract_paths, extract_text
from tests.support.fuzzing import mutated_sample, random_bytes, random_unicode, unclosed_brackets

# The fast families; the long ones (100k-character lines, thousands of levels) are bench/fuzz.py's.
FAST = (random_bytes, random_unicode, mutated_sample, unclosed_brackets)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), family=st.sampled_from(FAST))
def test_generated_files_give_records_or_one_error(rng: random.Random, family) -> None:
    data = family(rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.txt"
        path.write_bytes(data)
        (extraction,) = list(extract_paths([path]))
    assert extraction.documents or len(extraction.errors) == 1
    assert all(str(path) in error for error in extraction.errors)


HEAD = "永川府办发〔2023〕5号\n关于印发永川区2023年重点任务的通知\n"


def test_a_line_numbered_with_a_circled_digit_is_read() -> None:
    """bench/fuzz.py seed 1 case 43: ValueError in loaders/numbering.py chinese_number on '③…'."""
    extraction = extract_text(HEAD + "1.推进绿色建筑。（区住房城乡建委负责）\n③开展专项行动。\n")
    assert extraction.documents and not extraction.errors


def test_lone_surrogates_in_memory_do_not_crash_the_script_conversion() -> None:
    """Issue 17: UnicodeEncodeError from the traditional→simplified conversion on a lone surrogate."""
    text = "區發展和改革委員會關於印發方案的通知\n永川府辦發〔2023〕5號\n1.推進綠色建築。\ud800（區住房城鄉建委負責）\n"
    extraction = extract_text(text)
    assert extraction.documents or extraction.errors


def test_a_table_serial_cell_with_a_circled_digit_is_read() -> None:
    """bench/fuzz.py seed 1 case 2395: ValueError in loaders/tables.py stream_rows on a cell '①3'."""
    cells = ["序号 |", "重点任务 |", "责任单位 |", "1 |", "推进绿色建筑。 |", "区住房城乡建委 |"]
    cells += ["①3 |", "开展专项行动。 |", "区发展改革委 |"]
    extraction = extract_text(HEAD + "\n".join(cells) + "\n")
    assert extraction.documents and not extraction.errors


def test_an_indicator_row_numbered_with_a_circled_digit_is_read() -> None:
    """Same class as case 2395 in loaders/tables.py indicators: int('③') on a 序号 cell."""
    from policykg.loaders.header import Block
    from policykg.loaders.tables import indicators

    lines = ("| 类别 | 序号 | 指标 | 单位 | 2025年 |", "|---|---|---|---|---|")
    lines += ("| 绿色生产 | ③ | 单位地区生产总值能耗下降 | % | 14 |",)
    (row,) = indicators(Block(lines))
    assert (row.name, row.value, row.year) == ("单位地区生产总值能耗下降", 14, 2025)
