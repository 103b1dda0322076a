"""Web pages (lxml): a portal page's body found by its text, furniture dropped, tables kept with
rowspan/colspan, and the 信息公开 block (索引号, 发文字号, 发布机构, 成文日期 …) read as metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from policykg.loaders.readers.blocks import Element, Paragraph, Reading, Table, render
from policykg.loaders.readers.metadata import LABELS, field_of
from policykg.loaders.readers.text import ReadError, decode

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "input",
              "nav", "header", "footer", "aside", "object", "embed", "svg", "template")  # fmt: skip
# class or id words portals give their furniture: menus, breadcrumbs, share bars, footers …
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|weizhi|dqwz|share|"
    r"bdshare|fenxiang|footer|foot|bottom|copyright|header|head|top|topbar|banner|sidebar|side|"
    r"related|xgwj|xgxx|links?|toolbar|print|pagination|pager|search|login|qrcode|ewm)"
    r"(?:$|[\s_-]|\d)",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
               "article", "main", "center", "blockquote", "pre", "dd", "dt", "dl", "tr",
               "body", "html", "address", "figure", "figcaption", "caption", "tbody"}  # fmt: skip
_LABEL = re.compile(
    "(" + "|".join(sorted({re.escape(label) for labels in LABELS.values() for label in labels},
                          key=len, reverse=True)) + r")\s*[:：]\s*"
)  # fmt: skip


def read(data: bytes, path: Path) -> Reading:
    """Read a saved web page into blocks of its body and the page's metadata block."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(_decoded(data))
    except Exception as exc:  # lxml raises several parser errors for broken markup
        raise ReadError(f"not a readable web page: {exc}") from None
    for element in list(root.iter(*_DROP_TAGS, "comment")):
        _drop(element)
    metadata = _metadata(root)
    for element in list(root.iter()):
        if _is_furniture(element):
            _drop(element)
    body = _main_content(root)
    blocks = _blocks(body)
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise ReadError("a web page with no text in its body")
    return Reading(tuple(blocks), render(blocks), "", "html", "lxml", "utf-8", metadata)


def _decoded(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in {"gb2312", "gbk", "gb18030"} else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)[0]


def _drop(element) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_furniture(element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and bool(_FURNITURE.search(names))


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _metadata(root) -> dict[str, str]:
    """The page's 信息公开 block as {field: value}; the block is removed from the page."""
    found: dict[str, str] = {}
    holders = []
    cells = [e for e in root.iter("td", "th", "li", "span", "p", "dd", "dt", "div", "b", "strong",
                                  "label", "em")
             if not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS | {"td", "th"}
                        for c in e)]  # fmt: skip
    for i, cell in enumerate(cells):
        text = _text(cell)
        if len(text) > 200:
            continue
        labels = list(_LABEL.finditer(text))
        pairs = [
            (field_of(match.group(1)),
             text[match.end() : labels[k + 1].start() if k + 1 < len(labels) else len(text)].strip())
            for k, match in enumerate(labels)
        ]  # fmt: skip
        name = field_of(text)
        if name and not any(value for _, value in pairs):
            # a label alone: its value is the next cell outside it
            value = next(
                (_text(later) for later in cells[i + 1 :]
                 if cell not in later.iterancestors() and _text(later)),
                "",
            )  # fmt: skip
            pairs = [(name, value)] if not field_of(value) else []
        for name, value in pairs:
            if name and name not in found and value:
                found[name] = value
                holders.append(cell)
    if len(found) < 2:
        return {}
    block = _common_ancestor(holders)
    if block is not None and len(_text(block)) < 60 * len(found) + 200:
        _drop(block)
    return found


def _common_ancestor(elements):
    paths = [[*list(e.iterancestors())[::-1], e] for e in elements]
    common = None
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _own_text_length(element) -> int:
    """Characters of text not inside links: what a body has and a menu lacks."""
    total = len(re.sub(r"\s", "", element.text_content()))
    links = sum(len(re.sub(r"\s", "", a.text_content())) for a in element.iter("a"))
    return total - links


_CONTENT_CHILDREN = {"p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "center", "blockquote",
                     "pre", "span", "font", "strong", "b", "br"}  # fmt: skip


def _main_content(root):
    """The element whose own paragraphs hold the most text, widened to its ancestors while they
    add little (a body split over sibling blocks), never to the page's menus and lists."""
    body = root.find("body") if root.find("body") is not None else root

    def score(element) -> int:
        own = len(re.sub(r"\s", "", element.text or ""))
        for child in element:
            if isinstance(child.tag, str) and child.tag in _CONTENT_CHILDREN:
                own += _own_text_length(child)
            own += len(re.sub(r"\s", "", child.tail or ""))
        return own

    best = max((e for e in body.iter() if isinstance(e.tag, str)), key=score, default=body)
    while best is not body and best.getparent() is not None:
        if _own_text_length(best.getparent()) > 1.15 * _own_text_length(best):
            break
        best = best.getparent()
    return best


def _blocks(element) -> list[Element]:
    """Paragraphs and tables of an element, in order."""
    blocks: list[Element] = []
    buffer: list[str] = []

    def flush() -> None:
        text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", "".join(buffer))
        for line in text.split("\n"):
            if line.strip():
                blocks.append(Paragraph(line.strip()))
        buffer.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table" and not _is_layout_table(node):
            flush()
            blocks.append(Table(tuple(table_rows(node))))
        elif tag == "br":
            buffer.append("\n")
        else:
            block = tag in _BLOCK_TAGS or tag in ("table", "td", "th")
            if block:
                buffer.append("\n")
            buffer.append(re.sub(r"\s+", " ", node.text or "") if tag else "")
            for child in node:
                walk(child)
            if block:
                buffer.append("\n")
        buffer.append(re.sub(r"\s+", " ", node.tail or ""))

    walk(element)
    flush()
    return blocks


def _is_layout_table(table) -> bool:
    """A table that frames the page (holds another table or long passages), not data."""
    if table.find(".//table") is not None:
        return True
    return any(len(_text(cell)) > 600 for cell in table.iter("td", "th"))


def table_rows(table) -> list[tuple[str, ...]]:
    """Rows of an HTML table with rowspan and colspan cells repeated in every slot they cover."""
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.iter("tr")]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = "\n".join(
                line.strip() for line in _cell_lines(cell) if line.strip()
            )
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid[(r + dr, c + dc)] = text
            c += _span(cell, "colspan")
    width = max((c for _, c in grid), default=-1) + 1
    out = []
    for r in range(len(rows)):
        row = tuple(grid.get((r, c), "") for c in range(width))
        if any(cell.strip() for cell in row):
            out.append(row)
    return out


def _cell_lines(cell) -> list[str]:
    return [b.text for b in _blocks(cell) if isinstance(b, Paragraph)]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1
