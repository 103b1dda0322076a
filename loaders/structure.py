"""The outline of a document body: sections (一、 → （一）), items (1. / （1） / 一是) and paragraphs.

Paragraph breaks in converted text are unreliable: a sentence may be cut by a blank line, and an
item may continue in a paragraph of its own. Items absorb the plain paragraphs after them; a
paragraph cut mid-sentence is joined to the next. A short unnumbered line standing alone among
numbered headings is a heading whose number was lost; its number is inferred from its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.assignments import is_label_line, is_responsibility, prose_statement
from policykg.loaders.cleaning import squeeze
from policykg.loaders.header import Block
from policykg.loaders.numbering import Heading, chinese_numeral, enumeration, heading
from policykg.loaders.records import Section

_SENTENCE_END = re.compile(r"[。！？；!?;）)」”\"]$")


@dataclass
class Paragraph:
    """A paragraph of body text in a section; ``item`` is its number when it is a numbered item."""

    section: str | None
    item: Heading | None
    parts: list[str] = field(default_factory=list)
    labels: list[tuple[int, str]] = field(
        default_factory=list
    )  # 牵头单位：… lines, with line numbers
    first: int = 0
    last: int = 0

    @property
    def text(self) -> str:
        """The paragraph text, its lines joined (Chinese needs no spaces)."""
        return "".join(self.parts)


@dataclass
class Outline:
    """Sections in document order and the paragraphs under them."""

    sections: list[Section]
    paragraphs: list[Paragraph]
    # label lines between a heading and its first item: they apply to every item of the section
    inherited: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def section(self, section_id: str | None) -> Section | None:
        """The section with this id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)


def outline(block: Block, start: int, stop: int, item_levels: tuple[int, ...] = (3,)) -> Outline:
    """Read sections and paragraphs from ``block.lines[start:stop]``.

    ``item_levels`` are the numbering levels that start a new item (3 = ``1.``, 5 = ``一是``).
    """
    numbered = _label_values(
        [(n, squeeze(part)) for n, t in block.numbered(start, stop) for part in _columns(t)]
    )
    has_level1 = any(heading(t) and heading(t).level == 1 for _, t in numbered)
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    path: list[Section] = []  # open sections, outermost first
    counters: dict[str | None, int] = {}
    lost: list[int] = []  # positions in sections of level-1 headings whose number was lost
    current: Paragraph | None = None
    opened: tuple[int, Heading] | None = None  # a heading with nothing under it yet
    inherited: dict[str, list[tuple[int, str]]] = {}

    def open_section(level: int, number: str, title: str, inferred: bool = False) -> Section:
        while path and path[-1].level >= level:
            path.pop()
        parent = path[-1].id if path else None
        counters[parent] = counters.get(parent, 0) + 1
        section_id = f"{parent}.{counters[parent]}" if parent else str(counters[parent])
        section = Section(section_id, number, title, parent, level, inferred)
        sections.append(section)
        path.append(section)
        return section

    for i, (line_no, text) in enumerate(numbered):
        if not text:
            continue
        found = heading(text)
        if found is None and enumeration(text) and 5 in item_levels:
            found = enumeration(text)
        section_id = path[-1].id if path else None
        if found and found.level in (1, 2) and not (found.level == 2 and _is_sentence(found)):
            open_section(found.level, found.number, found.title)
            current = None
            opened = (line_no, found)
            if found.rest:
                # a rest that is only the heading's statement, （一）加强组织领导。（区发改委负责）,
                # makes the heading's words the task's text (its rest alone left it empty)
                words = found.body if _only_statement(found.rest) else found.rest
                current = Paragraph(path[-1].id, None, [words], first=line_no, last=line_no)
                paragraphs.append(current)
            continue
        if has_level1 and found is None and _lost_heading(numbered, i, current):
            lost.append(len(sections))
            open_section(1, "", text, inferred=True)
            current = None
            continue
        if is_label_line(text) and current is None and opened is not None:
            # labels right under a heading make the heading an item: （一）GDP增长7% / 责任单位：X
            current = Paragraph(path[-1].id, opened[1], [opened[1].body], first=opened[0])
            paragraphs.append(current)
        if text and not is_label_line(text):
            opened = None
        if is_label_line(text) and current is not None:
            current.labels.append((line_no, text))
            current.last = line_no
            continue
        if found and found.level in item_levels:
            if (
                current is not None
                and current.item is not None
                and current.item.level not in item_levels
                and current.labels
                and current.section == section_id
            ):  # the labels under the heading were the section's, not a task of their own
                inherited[section_id] = current.labels
                paragraphs.remove(current)
            current = Paragraph(section_id, found, [found.body], first=line_no, last=line_no)
            paragraphs.append(current)
            continue
        if current is not None and (
            current.item is not None or not _SENTENCE_END.search(current.parts[-1])
        ):
            current.parts.append(text)
            current.last = line_no
            continue
        current = Paragraph(section_id, None, [text], first=line_no, last=line_no)
        paragraphs.append(current)
    _number_lost(sections, lost)
    return Outline(sections, paragraphs, inherited)


# A PDF page with a table read line by line puts a cell of the next column after a gap:
# "…形成 自治区住房城乡建设厅牵头,". The right part is split off when it opens a statement.
_GAP = re.compile(r"^(?P<left>.*\S)[ \t\u3000]+(?P<right>[\u4e00-\u9fff][^ \t\u3000]{3,60})$")


def _label_values(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A label whose value stands on the next line (牵头单位： / 区发改委) joined to it."""
    out: list[tuple[int, str]] = []
    pending: int | None = None  # position in out of a label still waiting for its value
    for line_no, text in numbered:
        if pending is not None and text:
            if not is_label_line(text) and not heading(text):
                out[pending] = (out[pending][0], out[pending][1] + text)
                out.append((line_no, ""))
                pending = None
                continue
            pending = None
        out.append((line_no, text))
        if is_label_line(text) and re.search(r"[:：]$", text):
            pending = len(out) - 1
    return out


def _columns(line: str) -> list[str]:
    """A line, or its two columns when the right one opens a responsibility statement."""
    gap = _GAP.match(line.strip())
    if gap is None or len(gap.group("left")) < 8:
        return [line]
    right = gap.group("right")
    return [gap.group("left"), right] if prose_statement(right) or is_label_line(right) else [line]


# A whole remainder in one pair of brackets: （区发改委负责）, [牵头单位:X;责任单位:Y]。
_BRACKETED = re.compile(r"^[（(\[【［〔](?P<inner>[^（）()\[\]【】［］〔〕]+)[）)\]】］〕]\s*[。.;；]?$")


def _only_statement(rest: str) -> bool:
    """Whether the text after a heading's title is nothing but a responsibility statement.

    >>> _only_statement("（区发改委负责）"), _only_statement("（2023年）"), _only_statement("推进改革。（区发改委负责）")
    (True, False, False)
    """
    bracketed = _BRACKETED.match(rest.strip())
    return bracketed is not None and is_responsibility(bracketed.group("inner"))


def _is_sentence(found: Heading) -> bool:
    """A level-2 number opening a long sentence with no title is running text, not a heading."""
    return len(found.title) > 60 and not found.rest


def _lost_heading(numbered: list[tuple[int, str]], i: int, current: Paragraph | None) -> bool:
    """An unnumbered short line, after a finished sentence, followed by a blank or an item."""
    text = numbered[i][1]
    if len(text) > 30 or re.search(r"[。；;：:！？!?，,]$", text) or is_label_line(text):
        return False
    if current is not None and not _SENTENCE_END.search(current.parts[-1]):
        return False
    following = numbered[i + 1][1] if i + 1 < len(numbered) else ""
    return not following or enumeration(following) is not None or heading(following) is not None


def _number_lost(sections: list[Section], lost: list[int]) -> None:
    """Give lost level-1 headings the numbers their neighbours leave free (三、 ? ? 六、 → 四、 五、).

    One pass in document order (each lost heading follows the level-1 number before it, found or
    inferred), so thousands of lost headings cost linear time, not a search each.
    """
    from policykg.loaders.numbering import chinese_number

    missing, last = set(lost), 0
    for position, section in enumerate(sections):
        if position in missing:
            last += 1
            sections[position] = Section(
                section.id,
                chinese_numeral(last) + "、",
                section.title,
                section.parent,
                section.level,
                True,
            )
        elif section.level == 1 and section.number:
            last = chinese_number(section.number)
