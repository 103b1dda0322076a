"""The readers' layout rules on small hand-made inputs: reading order, page furniture, tables
continued across pages, merged cells in Word and web tables, Word's list numbering."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from policykg.loaders.readers import read_file
from policykg.loaders.readers.blocks import Table
from policykg.loaders.readers.pdf import _continued
from policykg.loaders.readers.pdf_layout import Line, drop_furniture, reading_order
from policykg.loaders.readers.web import read as read_html
from policykg.loaders.readers.word_numbering import Numbering


def _line(text: str, x0: float, top: float, page: int = 0, width: float = 230) -> Line:
    return Line(text, x0, x0 + width, top, top + 12, page)


def test_two_columns_are_read_left_column_first() -> None:
    title = _line("重庆市人民政府公报", 100, 40, width=400)
    left = [_line(f"左栏第{i}行", 50, 80 + 20 * i) for i in range(8)]
    right = [_line(f"右栏第{i}行", 320, 80 + 20 * i) for i in range(8)]
    # interleaved as a naive top-to-bottom reading would see them
    mixed = [line for pair in zip(left, right, strict=True) for line in pair]
    ordered = reading_order([title, *mixed], width=600)
    assert [line.text for line in ordered] == [title.text] + [line.text for line in left + right]


def test_one_column_keeps_far_apart_cells_of_a_row_as_one_tab_separated_line() -> None:
    row = [_line("1", 50, 100, width=10), _line("开展节能监察", 120, 100, width=100),
           _line("区发展改革委", 400, 100, width=80)]  # fmt: skip
    body = [_line(f"正文第{i}行", 50, 130 + 20 * i, width=500) for i in range(3)]
    assert next(line.text for line in reading_order(row + body, width=600)) == (
        "1\t开展节能监察\t区发展改革委"
    )


def test_page_numbers_and_running_headers_are_dropped_body_text_kept() -> None:
    pages = []
    for page in range(4):
        pages.append([
            _line("重庆市永川区人民政府行政规范性文件", 100, 20, page),  # running header
            _line("一、总体要求", 50, 300, page),
            _line("重庆市永川区人民政府行政规范性文件", 50, 400, page),  # mid-page: body text
            _line(f"— {page + 1} —", 280, 800, page, width=40),
        ])  # fmt: skip
    kept = drop_furniture(pages, [842.0] * 4)
    assert [[line.text for line in page] for page in kept] == [
        ["一、总体要求", "重庆市永川区人民政府行政规范性文件"]
    ] * 4


def test_a_table_continued_on_the_next_page_drops_the_repeated_header_and_joins_a_split_row() -> None:
    first = (("序号", "重点任务", "责任单位"), ("13", "加快推进村级农膜回收网点建设，到2025年，农膜回", "区供销社"))
    more = (("序号", "重点任务", "责任单位"), ("", "收率达到90%以上。", ""), ("14", "落实耕地保护制度。", "区规划自然资源局"))
    assert _continued(first, more) == (
        ("序号", "重点任务", "责任单位"),
        ("13", "加快推进村级农膜回收网点建设，到2025年，农膜回收率达到90%以上。", "区供销社"),
        ("14", "落实耕地保护制度。", "区规划自然资源局"),
    )


def test_word_table_with_a_lead_unit_merged_down_two_rows(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "重点任务", "牵头单位"), strict=True):
        cell.text = text
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "开展重点用能单位节能监察。"
    table.cell(2, 0).text, table.cell(2, 1).text = "2", "推广新能源公交车。"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "区发展改革委"
    document.save(tmp_path / "merged.docx")
    blocks = read_file(tmp_path / "merged.docx").blocks
    assert blocks[-1] == Table((
        ("序号", "重点任务", "牵头单位"),
        ("1", "开展重点用能单位节能监察。", "区发展改革委"),
        ("2", "推广新能源公交车。", "区发展改革委"),
    ))  # fmt: skip


def test_web_table_rowspan_and_colspan_fill_every_slot() -> None:
    page = """<html><body><div class="content"><p>大足区2023年节能减排重点任务分工</p>
    <table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th></tr>
    <tr><td colspan="3">一、推进重点领域节能</td></tr>
    <tr><td>1</td><td>开展重点用能单位节能监察。</td><td rowspan="2">区发展改革委</td></tr>
    <tr><td>2</td><td>推广新能源公交车。</td></tr></table></div></body></html>"""
    reading = read_html(page.encode("utf-8"), Path("page.html"))
    assert reading.blocks[-1] == Table((
        ("序号", "重点任务", "牵头单位"),
        ("一、推进重点领域节能",) * 3,
        ("1", "开展重点用能单位节能监察。", "区发展改革委"),
        ("2", "推广新能源公交车。", "区发展改革委"),
    ))  # fmt: skip
    assert "| 一、推进重点领域节能 |  |  |" in reading.text.splitlines()


def test_web_metadata_pairs_written_on_one_line() -> None:
    page = """<html><head><meta charset="gbk"></head><body>
    <div class="xxgk"><p>索引号：11500000MB1W3U0X1/2023-00012 发布机构：重庆市人民政府办公厅</p>
    <p>发文字号：渝府办发〔2023〕8号 成文日期：2023年01月20日</p></div>
    <div class="zoom"><p>各区县（自治县）人民政府，市政府各部门：</p><p>现将有关事项通知如下。</p>
    </div></body></html>"""
    reading = read_html(page.encode("gbk"), Path("page.htm"))
    assert reading.metadata == {
        "index": "11500000MB1W3U0X1/2023-00012", "issuer": "重庆市人民政府办公厅",
        "doc_number": "渝府办发〔2023〕8号", "written": "2023年01月20日",
    }  # fmt: skip
    assert "索引号" not in reading.text


def _numbering(restart: str) -> Numbering:
    xml = f"""<w:numbering {nsdecls("w")}>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>{restart}<w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""
    return Numbering(parse_xml(xml), None)


def _paragraph(level: int):
    return parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:numPr><w:ilvl w:val="{level}"/>'
                     '<w:numId w:val="5"/></w:numPr></w:pPr></w:p>')  # fmt: skip


def test_word_numbering_levels_restart_under_a_new_parent_unless_told_not_to() -> None:
    levels = [0, 1, 2, 2, 1, 0, 1, 2]
    numbering = _numbering("")
    assert [numbering.label(_paragraph(level)) for level in levels] == [
        "一、", "（一）", "1.", "2.", "（二）", "二、", "（一）", "1."
    ]
    numbering = _numbering('<w:lvlRestart w:val="0"/>')  # sections numbered through the parts
    assert [numbering.label(_paragraph(level)) for level in levels] == [
        "一、", "（一）", "1.", "2.", "（二）", "二、", "（三）", "1."
    ]


def test_web_metadata_in_label_and_value_cells_with_bold_labels() -> None:
    page = """<html><body><div class="pages-date">2021-02-22 17:05</div>
    <table class="bd1"><tr><td><b>索 引 号：</b></td><td>000014349/2021-00014</td>
    <td><b>主题分类：</b></td><td>国土资源、能源\\其他</td></tr>
    <tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2021年02月02日</td></tr>
    <tr><td><b>标　　题：</b></td><td>国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见</td></tr>
    <tr><td><b>发文字号：</b></td><td>国发〔2021〕4号</td><td><b>发布日期：</b></td><td>2021年02月22日</td></tr>
    </table><div class="pages_content" id="UCAP-CONTENT"><p>各省、自治区、直辖市人民政府：</p>
    <p>建立健全绿色低碳循环发展经济体系，促进经济社会发展全面绿色转型，是解决我国资源环境生态问题的基础之策。</p>
    </div></body></html>"""
    reading = read_html(page.encode("utf-8"), Path("gov.html"))
    assert reading.metadata == {
        "index": "000014349/2021-00014", "subject": "国土资源、能源\\其他", "issuer": "国务院",
        "written": "2021年02月02日", "title": "国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见",
        "doc_number": "国发〔2021〕4号", "published": "2021年02月22日",
    }  # fmt: skip
    assert reading.text.splitlines()[0] == "各省、自治区、直辖市人民政府："


_TEXT_BOX = """<w:p {ns}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>
<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>
</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"""


def test_word_masthead_in_a_text_box_read_once_and_the_closing_box_as_lines(tmp_path: Path) -> None:
    """The red 版头 drawn in a text box (Word keeps a fallback copy of it for old readers) and
    the 版记 (抄送, 印发) laid out in a bordered table, as Word templates of 公文 have them."""
    ns = nsdecls("w", "wp", "a") + (
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    document = Document()
    document.element.body.insert(0, parse_xml(_TEXT_BOX.format(ns=ns, text="重庆市永川区人民政府办公室文件")))
    document.add_paragraph("永川府办发〔2022〕14号")
    closing = document.add_table(rows=2, cols=2)
    closing.cell(0, 0).merge(closing.cell(0, 1)).text = "抄送：区委办公室，区人大常委会办公室，区政协办公室。"
    closing.cell(1, 0).text, closing.cell(1, 1).text = "重庆市永川区人民政府办公室", "2022年2月16日印发"
    document.save(tmp_path / "gongwen.docx")
    lines = read_file(tmp_path / "gongwen.docx").text.splitlines()
    assert lines.count("重庆市永川区人民政府办公室文件") == 1
    assert lines[lines.index("永川府办发〔2022〕14号") + 1 :] == [
        "抄送：区委办公室，区人大常委会办公室，区政协办公室。",
        "重庆市永川区人民政府办公室",
        "2022年2月16日印发",
    ]
