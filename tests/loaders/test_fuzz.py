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


TABLE = (
    "重庆市沙坪坝区人民政府办公室关于印发2022年区政府工作报告目标任务分解的通知\n"
    "附件1\n2022年区政府工作报告经济社会发展预期目标任务分解表\n"
    "序号\n2022年预期目标\n责任单位\n"
    "1\n地区生产总值增长5.5%左右\n区发展改革委\n"
    "2\n①\n进出口总额增长5%以上\n区商务委\n"
    "3\n一般公共预算收入增长5%左右\n区财政局\n"
)


def test_a_circled_digit_cell_in_a_stream_table_is_read() -> None:
    """bench/fuzz.py seed 1 cases 2463, 2989: ValueError int('①') in loaders/tables.py stream_rows."""
    extraction = extract_text(TABLE)
    assert not extraction.errors
    texts = [t.text for d in extraction.documents for t in d.tasks]
    assert any("地区生产总值增长5.5%左右" in t for t in texts)
    assert any("一般公共预算收入增长5%左右" in t for t in texts)


def test_one_file_failing_in_a_parser_is_its_error_and_the_batch_goes_on(monkeypatch) -> None:
    """Issue 17: an exception in a parser gives one error line naming the file; the next file is read."""
    from policykg.loaders import pipeline

    real = pipeline.parse

    def parse(kind, text, listing_order):
        if "爆炸" in text:
            raise IndexError("list index out of range")
        return real(kind, text, listing_order)

    monkeypatch.setattr(pipeline, "parse", parse)
    with tempfile.TemporaryDirectory() as tmp:
        bad, good = Path(tmp) / "a-bad.txt", Path(tmp) / "b-good.txt"
        bad.write_text(HEAD + "1.爆炸。\n", encoding="utf-8")
        good.write_text(HEAD + "1.推进绿色建筑。（区住房城乡建委负责）\n", encoding="utf-8")
        first, second = list(extract_paths([tmp]))
    (error,) = first.errors
    assert error.startswith(f"{bad}: ") and "IndexError" in error and not first.documents
    assert second.source.path == str(good) and not second.errors
    assert second.documents[0].doc_number == "永川府办发〔2023〕5号"
    assert [t.text for t in second.documents[0].tasks] == ["推进绿色建筑。"]


def test_a_200_mb_text_file_is_refused_with_the_reason_and_the_batch_goes_on() -> None:
    """Issue 17: a 200 MB file gives one error saying why, never the machine's memory."""
    with tempfile.TemporaryDirectory() as tmp:
        big, good = Path(tmp) / "a-dump.txt", Path(tmp) / "b-good.txt"
        with big.open("wb") as out:  # sparse: 200 MB long, no disk used
            out.write("关于印发方案的通知\n".encode())
            out.truncate(200_000_000)
        good.write_text(HEAD + "1.推进绿色建筑。（区住房城乡建委负责）\n", encoding="utf-8")
        first, second = list(extract_paths([tmp]))
    assert first.errors == (
        f"{big}: 200 MB is over the 100 MB a file may hold "
        "(a policy document is well under 1 MB; split the file into its documents)",
    )
    assert second.documents and not second.errors


def test_more_than_99_headings_that_lost_their_numbers_are_numbered_on() -> None:
    """Issue 17: IndexError writing the 100th inferred heading number (一百、) in loaders/numbering.py."""
    parts = [HEAD, "一、总体要求\n1.坚持系统观念。（区发展改革委负责）\n"]
    for n in range(2, 121):
        parts.append(f"第{n}方面重点工作\n1.推进第{n}项任务。（区住房城乡建委负责）\n")
    extraction = extract_text("".join(parts))
    assert not extraction.errors
    (document,) = extraction.documents
    numbers = [s.number for s in document.sections if s.level == 1]
    assert numbers[:3] == ["一、", "二、", "三、"]
    assert numbers[98:101] == ["九十九、", "一百、", "一百零一、"]
    assert numbers[-1] == "一百二十、" and len(numbers) == 120


def test_a_title_saying_xianjiang_yinfa_names_the_issued_plan() -> None:
    """Issue 17: TypeError compacting a None title in loaders/header.py when a title reads 现将《…》印发."""
    extraction = extract_text(
        "永川府办发〔2023〕5号\n关于现将《永川区节能降碳实施方案》印发给你们的通知\n"
        "1.推进绿色建筑。（区住房城乡建委负责）\n"
    )
    assert not extraction.errors
    (document,) = extraction.documents
    assert [a.title for a in document.attachments] == ["永川区节能降碳实施方案"]


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
