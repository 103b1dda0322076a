"""Encodings, line ends and bad input: every file read right, or one clear error naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders import extract_paths

CORPUS = Path(__file__).parent.parent.parent / "data" / "corpus" / "chongqing"
PLAN = CORPUS / "yongchuan_2023_energy_saving_plan.txt"
REPLY = CORPUS / "qijiang_2022_proposal_reply.txt"


@pytest.mark.parametrize(
    ("encoding", "recorded", "bom", "line_end"),
    [
        ("utf-8", "utf-8", b"", "\n"),
        ("utf-8", "utf-8-sig", b"\xef\xbb\xbf", "\n"),
        ("utf-8", "utf-8", b"", "\r\n"),
        ("gb18030", "gb18030", b"", "\n"),
        ("gbk", "gb18030", b"", "\r\n"),  # GBK is a subset of GB18030: read as the superset
        ("utf-16-le", "utf-16", b"\xff\xfe", "\r\n"),
        ("utf-16-be", "utf-16", b"\xfe\xff", "\n"),
        ("utf-16-le", "utf-16-le", b"", "\n"),
    ],
)
def test_encodings_and_line_ends(
    tmp_path: Path, encoding: str, recorded: str, bom: bytes, line_end: str
) -> None:
    path = tmp_path / "plan.txt"
    text = PLAN.read_text(encoding="utf-8").replace("\n", line_end)
    path.write_bytes(bom + text.encode(encoding))
    extraction = next(extract_paths([path]))
    assert extraction.errors == ()
    assert extraction.source.encoding == recorded
    (document,) = extraction.documents
    assert document.doc_number == "永川府发〔2023〕5号"
    assert document.date == "2023-03-01"
    assert len(document.tasks) == 43
    assert sum(len(t.assignments) for t in document.tasks) == 183
    assert all("\r" not in t.text for t in document.tasks)


def test_gb18030_reply_keeps_rare_characters(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(REPLY.read_text(encoding="utf-8").encode("gb18030"))
    (document,) = next(extract_paths([path])).documents
    assert document.doc_number == "綦发改函〔2022〕140号"
    assert document.responds_to.proposer == "包安洪"


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "image.txt",
        "truncated": tmp_path / "truncated.txt",
        "wrong_kind": tmp_path / "notes.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    # the notice without its signature and date, cut in the middle of item 1
    files["truncated"].write_text(
        "\n".join(lines[:7] + lines[14:24]) + "\n" + lines[24][:40], encoding="utf-8"
    )
    files["wrong_kind"].write_text(
        "Meeting notes\n\nWe talked about the budget and the new office.\nNext meeting on Friday.\n",
        encoding="utf-8",
    )
    return files


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty", "empty file"),
        ("binary", "binary file"),
        ("wrong_kind", "no policy content"),
    ],
)
def test_bad_input_gives_one_clear_error(tmp_path: Path, name: str, reason: str) -> None:
    path = _bad_files(tmp_path)[name]
    extraction = next(extract_paths([path]))
    assert len(extraction.errors) == 1
    assert extraction.errors[0].startswith(f"{path}: ")
    assert reason in extraction.errors[0]
    assert extraction.documents == ()


def test_truncated_text_gives_what_it_holds_with_warnings(tmp_path: Path) -> None:
    path = _bad_files(tmp_path)["truncated"]
    extraction = next(extract_paths([path]))
    assert extraction.errors == ()
    (document,) = extraction.documents
    assert document.doc_number == "永川府发〔2023〕5号"
    assert document.complete is False
    assert "no date found" in document.warnings
    assert any(w.startswith("the text stops mid-sentence") for w in document.warnings)


def test_cli_batch_goes_on_after_bad_files(tmp_path: Path) -> None:
    bad = _bad_files(tmp_path)
    args = [
        "extract",
        str(bad["empty"]),
        str(REPLY.resolve()),
        str(bad["binary"]),
        str(bad["truncated"]),
        str(bad["wrong_kind"]),
        str(tmp_path / "missing.txt"),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [len(r["documents"]) for r in records] == [0, 1, 0, 1, 0, 0]
    assert records[1]["documents"][0]["doc_number"] == "綦发改函〔2022〕140号"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4
    for path in (
        bad["empty"],
        bad["binary"],
        bad["wrong_kind"],
        tmp_path / "missing.txt",
    ):
        assert sum(str(path) in line for line in errors) == 1


def test_cli_extract_prints_the_record_schema() -> None:
    result = CliRunner().invoke(cli, ["extract", str(REPLY.resolve())])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)  # a list for one file as for many
    assert set(record) == {"source", "documents", "errors"}
    assert set(record["source"]) == {
        "path", "sha256", "encoding", "kind", "format", "reader", "metadata"
    }
    assert (record["source"]["format"], record["source"]["reader"]) == ("txt", "text")
    assert record["source"]["kind"] == "proposal_reply"
    assert len(record["source"]["sha256"]) == 64
    document = record["documents"][0]
    for key in (
        "doc_number",
        "doc_number_parts",
        "title",
        "type",
        "issuer",
        "district",
        "date",
        "publication",
        "addressees",
        "cc",
        "implements",
        "cites",
        "repeals",
        "responds_to",
        "attachments",
        "sections",
        "tasks",
        "indicators",
    ):
        assert key in document
    link = document["tasks"][0]["assignments"][1]
    assert link["agency"] == "区生态环境局"
    assert link["canonical"] == "重庆市綦江区生态环境局"
    assert (link["role"], link["basis"]) == ("co_handler", "explicit")


def test_listing_order_convention_can_be_turned_off() -> None:
    path = CORPUS / "yongchuan_2022_green_lowcarbon_task_list.txt"
    (document,) = next(extract_paths([path], listing_order=False)).documents
    task1 = document.tasks[0]
    assert [(a.agency, a.role, a.basis) for a in task1.assignments][:2] == [
        ("区经济信息委", "joint", "explicit"),
        ("区发展改革委", "joint", "explicit"),
    ]
    assert [(a.role, a.basis) for a in document.tasks[5].assignments] == [
        ("lead", "explicit")
    ]  # task 6: one unit
