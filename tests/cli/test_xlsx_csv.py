"""Reports a user can hand on: --format xlsx (rows equal to the csv, Chinese intact) and --bom."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries.output import OutputError, Report, emit, text

REPORTS = [
    ["tasks", "--agency", "区生态环境局"],
    ["agencies", "--district", "永川区"],
    ["documents"],
    ["lineage", "永川府办发〔2022〕14号"],
    ["targets", "--indicator", "森林覆盖率"],
    ["unassigned"],
    ["compare", "--indicator", "森林覆盖率"],
    ["sparql", "--name", "districts"],
    ["queries"],
]


def _run(args: list[str], store: str, *extra: str) -> bytes:
    options = [] if args[0] == "queries" else ["--store", store]
    result = CliRunner().invoke(cli, [*args, *options, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: a[0])
def test_xlsx_rows_equal_the_csv(corpus_store: str, args: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(_run(args, corpus_store, "--format", "csv").decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(_run(args, corpus_store, "--format", "xlsx"))).active
    cells = [[text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) > 1
    assert cells == rows


def test_chinese_survives_in_the_workbook(corpus_store: str) -> None:
    data = _run(["documents"], corpus_store, "--format", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    # 文号 of the corpus documents as printed on them (DESIGN.md §1)
    assert {"永川府办发〔2022〕14号", "永川府发〔2023〕5号", "南川府发〔2022〕33号",
            "南川府发〔2022〕34号", "綦发改函〔2022〕140号"} <= values


def test_bom_starts_the_csv_once(corpus_store: str) -> None:
    plain = _run(["unassigned", "--district", "石柱县"], corpus_store, "--format", "csv")
    marked = _run(["unassigned", "--district", "石柱县"], corpus_store, "--format", "csv", "--bom")
    assert marked == b"\xef\xbb\xbf" + plain
    assert plain.startswith(b"district,")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_xlsx_is_not_written_to_a_terminal() -> None:
    with pytest.raises(OutputError, match="xlsx is a binary file: redirect it"):
        emit(Report([{"a": 1}]), "xlsx", out=_Terminal(), err=io.StringIO())


def test_control_characters_do_not_break_the_workbook() -> None:
    out = io.TextIOWrapper(io.BytesIO())
    emit(Report([{"text": "任务\x0b一", "n": 3}]), "xlsx", out=out, err=io.StringIO())
    sheet = openpyxl.load_workbook(io.BytesIO(out.buffer.getvalue())).active
    assert list(sheet.iter_rows(values_only=True)) == [("text", "n"), ("任务一", 3)]
