"""Fixtures in other formats made from the sample texts at test time: .docx, PDF, HTML, .doc, OFD.

A sample's lines become blocks the way a Word author would have them: a run of tab-indented
cells (one cell a line, rows split by blank lines) is a real table, everything else a paragraph.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
# the two heading levels Word numbers here: 一、 and （一）
_HEADING = (
    (0, re.compile(r"^([一二三四五六七八九十]{1,3})、(.+)$")),
    (1, re.compile(r"^（([一二三四五六七八九十]{1,4})）(.+)$")),
)
_NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlRestart w:val="0"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""


def sample_blocks(text: str) -> list[tuple[str, list[list[str]] | str]]:
    """('p', text) and ('table', rows) from a sample text: tables in the cell-per-line shape
    (tab-indented cells, rows split by blank lines) or tab-delimited (a row a line)."""
    blocks: list[tuple[str, list[list[str]] | str]] = []
    rows: list[list[str]] = []
    row: list[str] = []
    delimited: list[list[str]] = []
    for line in _BOOKMARK.sub("", text).split("\n"):
        if "\t" in line.lstrip("\t").rstrip():
            delimited.append([cell.strip() for cell in line.rstrip().split("\t")])
            continue
        if delimited:
            width = max(len(r) for r in delimited)
            blocks.append(("table", [r + [""] * (width - len(r)) for r in delimited]))
            delimited = []
        if line.startswith("\t"):
            row.append(line.strip())
            continue
        if row:
            rows.append(row)
            row = []
        if not line.strip() and rows:
            continue
        if rows:
            blocks.append(("table", rows))
            rows = []
        blocks.append(("p", line.strip()))
    if row:
        rows.append(row)
    if rows:
        blocks.append(("table", rows))
    if delimited:
        blocks.append(("table", delimited))
    return blocks


def write_docx(text: str, path: Path, numbered: bool = True, header: str = "") -> Path:
    """A .docx of a sample: tables as Word tables (header repeated on every page), headings
    numbered by Word's own list numbering when ``numbered``, a ``— n —`` page number below and
    ``header`` as a running header above."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                               '</w:num>'))
    _page_number_footer(document)
    if header:
        document.sections[0].header.paragraphs[0].add_run(header)
    for kind, content in sample_blocks(text):
        if kind == "p":
            _numbered(document.add_paragraph(), str(content), "90", numbered)
            continue
        width = max(len(row) for row in content)
        table = document.add_table(rows=len(content), cols=width)
        table.style = "Table Grid"
        _repeat_header(table.rows[0])
        for row, cells in zip(table.rows, content, strict=False):
            if len(cells) == 1 and width > 1:
                merged = row.cells[0].merge(row.cells[width - 1])
                _numbered(merged.paragraphs[0], cells[0], "91", numbered)
                continue
            for cell, value in zip(row.cells, cells, strict=False):
                cell.paragraphs[0].add_run(value)
    document.save(path)
    return path


def _numbered(paragraph, text: str, num_id: str, numbered: bool) -> None:
    for level, pattern in _HEADING:
        match = pattern.match(text)
        if numbered and match:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            ))
            text = match.group(2)
            break
    paragraph.add_run(text)


def _repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _page_number_footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run("— ")
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    ))
    paragraph.add_run(" —")


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless (its own profile folder), return the new file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/system-deps.sh"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target_format, "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    return outdir / f"{source.stem}.{target_format.split(':')[0]}"


def write_portal_html(text: str, path: Path, metadata: dict[str, str]) -> Path:
    """A page as a government portal publishes it: navigation, breadcrumbs, the 信息公开 block,
    the body with its table (merged heading cells as colspan), share buttons and a footer."""
    meta_cells = "".join(
        f"<tr><th>{html.escape(k)}：</th><td>{html.escape(v)}</td></tr>" for k, v in metadata.items()
    )
    body = []
    for kind, content in sample_blocks(text):
        if kind == "p":
            body.append(f"<p>{html.escape(str(content))}</p>" if content else "")
            continue
        width = max(len(row) for row in content)
        rows = []
        for i, cells in enumerate(content):
            tag = "th" if i == 0 else "td"
            if len(cells) == 1 and width > 1:
                rows.append(f'<tr><td colspan="{width}">{html.escape(cells[0])}</td></tr>')
            else:
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>")
        body.append('<table border="1">' + "".join(rows) + "</table>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开</title>
<script>var _hmt = _hmt || [];</script><style>.nav{{color:red}}</style></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a>
<a href="/zwfw/">政务服务</a> <a href="/zjyc/">走进本区</a></div>
<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/xxgk/">信息公开</a></li>
<li><a href="/zcjd/">政策解读</a></li><li><a href="/tzgg/">通知公告</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="xxgk-meta"><table class="info">{meta_cells}</table></div>
<div class="article"><div class="content" id="zoom">
{"".join(body)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【打印本页】【关闭窗口】</div>
</div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/a">关于做好春节期间安全生产工作的通知</a></li>
<li><a href="/b">关于印发某区2022年政务公开工作要点的通知</a></li></ul></div>
<div class="footer">主办单位：某区人民政府办公室 承办单位：某区大数据发展局 网站标识码：5001180001
<a href="/">网站地图</a> 联系我们 ICP备案号：渝ICP备12345678号</div>
</body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


_SIZE = 4.2  # mm: a 12 pt character
_COLUMNS = (12.0, 100.0, 60.0)  # mm: 序号, 任务, 责任单位 column widths of the fixture's tables


def _wrap(text: str, width_mm: float) -> list[str]:
    """Text broken into lines no wider than ``width_mm`` (a Latin letter or digit half wide)."""
    lines, line, used = [], "", 0.0
    for char in text:
        advance = _SIZE * (0.5 if char.isascii() else 1.0)
        if used + advance > width_mm and line:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + char, used + advance
    return [*lines, line]


def ofd_pages(text: str) -> list[list[tuple[float, float, str]]]:
    """A sample set on A4 pages as (x, baseline y, text) runs: paragraphs wrapped at the text
    width, tables as columns of wrapped cells (no rulings), the header row repeated on each page."""
    pages: list[list[tuple[float, float, str]]] = [[]]
    y = 25.0

    def place(runs: list[tuple[float, list[str]]], after: float = 0.0) -> None:
        nonlocal y
        height = max(len(lines) for _, lines in runs) * 6.0
        if y + height > 280:
            pages.append([])
            y = 25.0
            if header is not None:
                place(header, after=3.0)
        for x, lines in runs:
            for k, line in enumerate(lines):
                pages[-1].append((x, y + k * 6.0, line))
        y += height + after

    header = None
    for kind, content in sample_blocks(text):
        if kind == "p":
            header = None
            place([(15.0, _wrap(str(content), 172))])
            continue
        width = max(len(row) for row in content)
        xs = [15.0 + sum(_COLUMNS[:k]) + 2 * k for k in range(width)]
        header = None
        for number, cells in enumerate(content):
            if len(cells) == 1 and width > 1:
                runs = [(15.0, _wrap(cells[0], sum(_COLUMNS[:width])))]
            else:
                runs = [(x, _wrap(cell, _COLUMNS[k] if k < len(_COLUMNS) else 40))
                        for k, (x, cell) in enumerate(zip(xs, cells, strict=False)) if cell]  # fmt: skip
            place(runs, after=3.0)
            if number == 0:
                header = runs
        y += 6.0
        header = None
    return pages


def write_ofd(pages: list[list[tuple[float, float, str]]], path: Path) -> Path:
    """A minimal OFD (GB/T 33190) package: one TextObject per placed run, a ``— n —`` footer."""
    content = []
    for number, runs in enumerate(pages):
        objects = []
        for x, y, text in [*runs, (100.0, 290.0, f"— {number + 1} —")]:
            objects.append(
                f'<ofd:TextObject ID="{len(objects) + 10}" Boundary="{x} {y - 5} 180 6" Font="1" '
                f'Size="{_SIZE}"><ofd:TextCode X="0" Y="5">{html.escape(text)}</ofd:TextCode>'
                "</ofd:TextObject>"
            )
        content.append(
            '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">'
            '<ofd:Content><ofd:Layer ID="2">' + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    pages = "".join(
        f'<ofd:Page ID="{i + 100}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(content))
    )
    with zipfile.ZipFile(path, "w") as ofd:
        ofd.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                     '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
                     "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
                     "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        ofd.writestr("Doc_0/Document.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                     '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>'
                     '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                     '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                     f"<ofd:Pages>{pages}</ofd:Pages></ofd:Document>")
        ofd.writestr("Doc_0/PublicRes.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                     '<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:Fonts>'
                     '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, page in enumerate(content):
            ofd.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", page)
    return path
