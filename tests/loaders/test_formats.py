"""Every format gives the records of the sample's text: .docx, PDF, web page, .doc, .wps, OFD.

The fixtures are made at test time from the samples (tests/support/formats.py): the 永川 task list
as a Word file with a real table and Word-numbered headings, a PDF printed from it by LibreOffice
(the table crosses pages, its header repeats, pages carry ``— n —``), a portal page with menus and
the 信息公开 block, .doc and .wps saved by LibreOffice, and the 永川 plan as an OFD.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.pipeline import expand_paths, extract_file
from policykg.loaders.readers import read_file, sniff
from policykg.loaders.readers.blocks import Table
from policykg.loaders.records import Extraction
from tests.support.formats import (
    convert,
    ofd_pages,
    write_docx,
    write_ofd,
    write_portal_html,
)

CORPUS = Path(__file__).parent.parent.parent / "data" / "corpus" / "chongqing"
TASK_LIST = CORPUS / "yongchuan_2022_green_lowcarbon_task_list.txt"
PLAN = CORPUS / "yongchuan_2023_energy_saving_plan.txt"
RUNNING_HEADER = "永川区人民政府行政规范性文件"
HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
PORTAL_METADATA = {
    "索引号": "11500118009326213X/2022-00021",
    "发文字号": "永川府办发〔2022〕14号",
    "发布机构": "重庆市永川区人民政府办公室",
    "成文日期": "2022-02-16",
    "发布日期": "2022-02-21",
    "主题分类": "生态环境",
}


def facts(extraction: Extraction) -> list[dict]:
    """What a record says, without the line numbers that differ between formats."""
    assert not extraction.errors, extraction.errors
    out = []
    for d in extraction.documents:
        out.append({
            "doc_number": d.doc_number, "title": d.title, "type": d.type, "issuer": d.issuer,
            "district": d.district, "date": d.date, "implements": d.implements, "cites": d.cites,
            "sections": [(s.id, s.number, s.title) for s in d.sections],
            "tasks": [(t.number, t.section, t.text, t.collective, unlined(t.targets),
                       [(a.agency, a.canonical, a.role, a.basis) for a in t.assignments],
                       unlined([t.deadline] if t.deadline else []))
                      for t in d.tasks],
            "indicators": unlined(d.indicators),
        })  # fmt: skip
    return out


def unlined(facts: object) -> list:
    """Targets, deadlines or indicator rows without their evidence line (it differs by format)."""
    return [dataclasses.replace(f, line=None) for f in facts]


def links(extraction: Extraction) -> int:
    return sum(len(t.assignments) for d in extraction.documents for t in d.tasks)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixtures that need no converter."""
    folder = tmp_path_factory.mktemp("formats")
    task_list = TASK_LIST.read_text(encoding="utf-8")
    body_without_number = task_list.replace("永川府办发〔2022〕14号", "", 1)
    return {
        "docx": write_docx(task_list, folder / "task_list.docx"),
        "html": write_portal_html(task_list, folder / "task_list.html", PORTAL_METADATA),
        "html_no_number": write_portal_html(
            body_without_number, folder / "no_number.htm", PORTAL_METADATA
        ),
        "ofd": write_ofd(ofd_pages(PLAN.read_text(encoding="utf-8")), folder / "plan.ofd"),
        "ofd_table": write_ofd(ofd_pages(task_list), folder / "task_list.ofd"),
    }


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PDF, .doc and .wps made by LibreOffice, once for the module (each conversion costs seconds)."""
    if not HAS_LIBREOFFICE:
        pytest.fail("LibreOffice is missing: scripts/system-deps.sh installs it")
    folder = tmp_path_factory.mktemp("converted")
    (folder / "headed").mkdir()
    plain = write_docx(TASK_LIST.read_text(encoding="utf-8"), folder / "task_list.docx", False)
    headed = write_docx(
        TASK_LIST.read_text(encoding="utf-8"), folder / "headed" / "task_list.docx", False,
        header=RUNNING_HEADER,
    )  # fmt: skip
    pdf = convert(headed, "pdf", folder)
    doc = convert(plain, "doc:MS Word 97", folder)
    wps = doc.with_name("task_list_wps.wps")  # WPS Office's .wps is the same OLE2 Word format
    shutil.copy(doc, wps)
    return {"pdf": pdf, "doc": doc, "wps": wps}


SAMPLES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_as_docx_web_page_and_ofd_gives_the_records_of_its_text(
    sample: Path, tmp_path: Path
) -> None:
    text = sample.read_text(encoding="utf-8")
    expected = facts(extract_file(sample))
    # numbers as typed text here (some samples lost numbers Word's lists would renumber);
    # Word's own numbering is checked on the task list (test_docx_headings_come_from_word_numbering)
    assert facts(extract_file(write_docx(text, tmp_path / "sample.docx", False))) == expected
    assert facts(extract_file(write_portal_html(text, tmp_path / "sample.html", {}))) == expected
    assert facts(extract_file(write_ofd(ofd_pages(text), tmp_path / "sample.ofd"))) == expected


@pytest.mark.slow
def test_every_sample_printed_to_pdf_gives_the_records_of_its_text(tmp_path: Path) -> None:
    """Spaces aside: a PDF's text layer has no trace of the stray spaces some texts carry
    (``铝器时代等 38 家`` in the 南川 gazette), so records are compared without whitespace."""
    if not HAS_LIBREOFFICE:
        pytest.fail("LibreOffice is missing: scripts/system-deps.sh installs it")
    for sample in SAMPLES:
        plain = write_docx(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.docx", False)
        pdf = extract_file(convert(plain, "pdf", tmp_path))
        assert re.sub(r"\s", "", repr(facts(pdf))) == re.sub(
            r"\s", "", repr(facts(extract_file(sample)))
        ), sample.name


def test_each_format_is_recognised_by_its_content_not_its_name(
    made: dict[str, Path], tmp_path: Path
) -> None:
    renamed = tmp_path / "actually_word.txt"
    shutil.copy(made["docx"], renamed)
    assert read_file(renamed).format == "docx"
    assert sniff(made["ofd"].read_bytes()) == "ofd"
    assert sniff(made["html"].read_bytes()) == "web"
    assert sniff(TASK_LIST.read_bytes()) == "text"


def test_docx_gives_the_records_of_the_text(made: dict[str, Path]) -> None:
    text, word = extract_file(TASK_LIST), extract_file(made["docx"])
    assert facts(word) == facts(text)
    document = word.documents[0]
    # read by hand from the document: 文号, 96 tasks in 6 parts and 23 sections, two upstream
    assert document.doc_number == "永川府办发〔2022〕14号"
    assert len(document.tasks) == 96
    assert [s.number for s in document.sections if s.parent is None] == [
        "一、", "二、", "三、", "四、", "五、", "六、"
    ]
    assert sum(1 for s in document.sections if s.parent is not None) == 23
    assert document.implements == ("国发〔2021〕4号", "渝府发〔2021〕31号")
    first = [(a.agency, a.role) for a in document.tasks[0].assignments]
    assert first == [("区经济信息委", "lead"), ("区发展改革委", "co"), ("区能源局", "co"),
                     ("区生态环境局", "co"), ("区应急局", "co")]  # fmt: skip
    assert (word.source.format, word.source.reader) == ("docx", "lxml")


def test_docx_headings_come_from_word_numbering(made: dict[str, Path]) -> None:
    with zipfile.ZipFile(made["docx"]) as package:
        body = package.read("word/document.xml").decode("utf-8")
    # the numbers are not in the file's text: Word draws them from numbering.xml
    assert "（二十三）培育绿色交易市场机制" not in body and "培育绿色交易市场机制" in body
    assert "一、提高政治站位" not in body
    reading = read_file(made["docx"])
    assert "一、提高政治站位，深化思想认识" in reading.text.splitlines()
    table = next(b for b in reading.blocks if isinstance(b, Table))
    assert table.rows[0] == ("序号", "重  点  任  务", "责任单位")
    # a heading row merged across the table: its text fills every cell it covers
    assert table.rows[-3] == ("（二十三）培育绿色交易市场机制",) * 3
    assert table.rows[-1] == ("96", "积极参与用能权、用水权市场交易。", "区发展改革委、区财政局、区水利局")


def test_portal_page_drops_furniture_and_reads_the_metadata_block(made: dict[str, Path]) -> None:
    page = extract_file(made["html"])
    assert facts(page) == facts(extract_file(TASK_LIST))
    assert page.source.metadata == {
        "index": "11500118009326213X/2022-00021", "doc_number": "永川府办发〔2022〕14号",
        "issuer": "重庆市永川区人民政府办公室", "written": "2022-02-16",
        "published": "2022-02-21", "subject": "生态环境",
    }  # fmt: skip
    text = read_file(made["html"]).text
    for furniture in ("网站首页", "当前位置", "分享到", "ICP备案号", "相关文件", "_hmt"):
        assert furniture not in text


def test_portal_metadata_fills_a_doc_number_the_body_lacks(made: dict[str, Path]) -> None:
    document = extract_file(made["html_no_number"]).documents[0]
    assert document.doc_number == "永川府办发〔2022〕14号"
    assert (document.doc_number_parts.daizi, document.doc_number_parts.serial) == ("永川府办发", 14)
    assert len(document.tasks) == 96


def test_ofd_gives_the_records_of_the_text(made: dict[str, Path]) -> None:
    ofd = extract_file(made["ofd"])
    assert facts(ofd) == facts(extract_file(PLAN))
    document = ofd.documents[0]
    assert (document.doc_number, document.date, len(document.tasks)) == (
        "永川府发〔2023〕5号", "2023-03-01", 43
    )
    assert (ofd.source.format, ofd.source.reader) == ("ofd", "ofdkit")


def test_ofd_unruled_table_with_wrapped_cells_across_pages(made: dict[str, Path]) -> None:
    """The task list set without rulings: cells wrapped inside their columns, the header row
    repeated on each of the table's pages, ``— n —`` below."""
    ofd = extract_file(made["ofd_table"])
    assert facts(ofd) == facts(extract_file(TASK_LIST))
    assert len(ofd.documents[0].tasks) == 96
    table = next(b for b in read_file(made["ofd_table"]).blocks if isinstance(b, Table))
    assert sum(1 for row in table.rows if row[0] == "序号") == 1
    assert ("96", "积极参与用能权、用水权市场交易。", "区发展改革委、区财政局、区水利局") in table.rows


@pytest.mark.slow
def test_pdf_table_across_pages_gives_the_records_of_the_text(converted: dict[str, Path]) -> None:
    pdf = extract_file(converted["pdf"])
    assert facts(pdf) == facts(extract_file(TASK_LIST))
    assert len(pdf.documents[0].tasks) == 96
    reading = read_file(converted["pdf"])
    tables = [b for b in reading.blocks if isinstance(b, Table)]
    assert len(tables) == 1  # one table rebuilt from the pages it crosses
    header = ("序号", "重点任务", "责任单位")
    assert tables[0].rows[0] == header and header not in tables[0].rows[1:]
    # page furniture gone: the ``— n —`` page numbers and the running header of every page
    assert not any(line.strip().startswith("—") for line in reading.text.splitlines())
    assert RUNNING_HEADER not in reading.text
    # a cell wrapped over three lines, joined without spaces
    assert ("5", "加快建设资源综合利用项目，提升工业固体废物综合利用能力。",
            "区发展改革委、区经济信息委") in tables[0].rows  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_doc_and_wps_convert_through_libreoffice(converted: dict[str, Path], kind: str) -> None:
    extraction = extract_file(converted[kind])
    assert facts(extraction) == facts(extract_file(TASK_LIST))
    assert (extraction.source.format, extraction.source.reader) == (kind, "libreoffice+lxml")


def test_doc_without_libreoffice_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setenv("PATH", str(tmp_path))
    extraction = extract_file(old)
    assert extraction.errors == (
        f"{old}: an old Word/WPS file needs LibreOffice to convert it and `soffice` is not "
        "installed (install the Debian package libreoffice-writer-nogui, or run "
        "scripts/system-deps.sh)",
    )


def test_scanned_pdf_is_one_clear_error(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    scan = tmp_path / "scan.pdf"
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.new_page(595, 842)
    document.save(scan)
    assert extract_file(scan).errors == (
        f"{scan}: a scanned PDF: its 2 page(s) have no text layer, only images (OCR it first)",
    )


def test_a_zip_that_is_no_document_is_one_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.docx"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("readme.txt", "hello")
    assert extract_file(archive).errors == (
        f"{archive}: a ZIP archive that is neither a Word .docx nor an OFD document",
    )


def test_extract_takes_a_folder_of_mixed_formats(made: dict[str, Path], tmp_path: Path) -> None:
    for name in ("docx", "html", "ofd"):
        shutil.copy(made[name], tmp_path / made[name].name)
    shutil.copy(TASK_LIST, tmp_path / "task_list.txt")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")  # not a document format: not picked up
    assert [p.suffix for p in expand_paths([tmp_path])] == [".ofd", ".docx", ".html", ".txt"]
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    numbers = [d["doc_number"] for record in records for d in record["documents"]]
    assert sorted(numbers) == ["永川府办发〔2022〕14号"] * 3 + ["永川府发〔2023〕5号"]
    assert [record["source"]["format"] for record in records] == ["ofd", "docx", "html", "txt"]


def test_build_takes_a_folder_of_mixed_formats_and_reports_a_broken_one(
    made: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(made["docx"], folder / "task_list.docx")
    shutil.copy(made["ofd"], folder / "plan.ofd")
    with zipfile.ZipFile(folder / "broken.docx", "w") as package:  # a Word file cut short
        package.writestr("word/document.xml", "<w:document><w:body><w:p>")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(folder / "broken.docx") in errors[0]
    assert "not a readable Word .docx file" in errors[0]
    listed = CliRunner().invoke(cli, ["documents", "--store", str(store), "--format", "csv"])
    assert "永川府办发〔2022〕14号" in listed.stdout and "永川府发〔2023〕5号" in listed.stdout
