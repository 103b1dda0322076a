"""The elements of an official document (GB/T 9704): 文号, title, issuer, date, 主送, 抄送, 附件,
publication note, and the documents it implements, cites or repeals.

Works on a ``Block`` (a document's lines with their file line numbers) and never on layout
details of one sample: elements are found by what they are, wherever they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.agencies import classify, issuing_district
from policykg.loaders.cleaning import squeeze
from policykg.loaders.doc_number import (
    find_decrees,
    find_doc_numbers,
    head_doc_number,
    parse_doc_number,
)
from policykg.loaders.numbering import chinese_number, heading
from policykg.loaders.purpose import carries_out
from policykg.loaders.records import Attachment, DocNumber

DOC_TYPES = (
    "决议",
    "决定",
    "命令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
)
_TITLE_END = re.compile(
    r"(?:通知|意见|决定|复函|函|报告|请示|批复|通报|公告|通告|决议|命令|纪要|议案|答复|方案|办法|"
    r"措施|规定|清单|计划|细则|规划|公报)$"
)
_DATE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_PUBLICATION = re.compile(r"^[（(]\s*(此件[^）)]*)[）)]$")
_ATTACHMENT = re.compile(r"^附\s*件\s*[:：]\s*(?P<title>.*)$")
_ATTACHMENT_ITEM = re.compile(r"^\d{1,2}\s*[.．、]\s*(?P<title>.+)$")
_ISSUED = re.compile(
    r"(?:印发|转发|下发)《(?P<quoted>[^》]+)》|印发(?P<bare>.+?)的通知$|现将《(?P<sent>[^》]+)》印发"
)
_QUOTED = re.compile(r"《(?P<title>[^》]{4,80})》")
_MASTHEAD = re.compile(r"(?:文件|公报)$")


@dataclass(frozen=True)
class Block:
    """A run of lines of one file; ``lines[i]`` is file line ``first + i``."""

    lines: tuple[str, ...]
    first: int = 1

    def numbered(self, start: int = 0, stop: int | None = None) -> list[tuple[int, str]]:
        """(file line number, text) pairs for lines[start:stop]."""
        stop = len(self.lines) if stop is None else stop
        return [(self.first + i, self.lines[i]) for i in range(start, stop)]

    def index(self, line_number: int) -> int:
        """Position in ``lines`` of a file line number."""
        return line_number - self.first


@dataclass
class Header:
    """What the header and closing elements of one document say, with the lines they stand on."""

    doc_number: DocNumber | None = None
    title: str = ""
    title_lines: tuple[int, int] = (0, 0)  # positions in the block, stop exclusive
    type: str | None = None
    issuer: str | None = None
    district: str | None = None
    date: str | None = None
    date_at: int | None = None
    publication: str | None = None
    addressees: tuple[str, ...] = ()
    addressee_at: int | None = None
    cc: tuple[str, ...] = ()
    attachments: list[Attachment] = field(default_factory=list)
    instrument_at: int | None = None  # position of the issued instrument's own title, if present
    attachment_at: int | None = None  # position of the first 附件 line


def read_header(block: Block) -> Header:
    """Find every header and closing element of the document in ``block``."""
    head = Header()
    lines = [squeeze(line) for line in block.lines]
    _find_title(lines, head)
    _find_doc_number(lines, head)
    _find_closing(lines, head)
    _find_addressees(lines, head)
    head.issuer = head.issuer or _issuer_from_title(head.title) or _issuer_from_masthead(lines)
    daizi = head.doc_number.daizi if head.doc_number else None
    title = re.sub(r"^\d{4}年度?", "", head.title)  # 2023年莲都区… names 莲都区, not 年莲都区
    head.district = issuing_district(head.issuer, title, daizi, "\n".join(lines[:60]))
    _find_attachments(lines, head)
    return head


# A title without 关于 (a plan or list standing alone, the head of an excerpt): short, no sentence
# punctuation, no page furniture, ending in a word that names an instrument.
_BARE_TITLE = re.compile(
    r"^[^。，,；;：:！!？?>＞|]{6,60}?(?:方案|清单|分解|分解表|任务|要点|措施|意见|计划|办法|规定|细则|"
    r"报告|情况|专报|任务表|责任表)(?:[（(][^）)]{1,12}[）)])?$"
)
_FURNITURE = re.compile(r"首页|当前位置|您的位置|导航|菜单|浏览|点击|字体|来源|发布|附件|^附")


def _find_title(lines: list[str], head: Header) -> None:
    candidates = [
        i
        for i, line in enumerate(lines[:40])
        if "关于" in line and len(line) < 90 and not line.endswith("：")
    ]
    if not candidates:
        bare = next(
            (
                i
                for i, line in enumerate(lines[:30])
                if _BARE_TITLE.match(line) and not _FURNITURE.search(line) and not heading(line)
            ),
            None,
        )
        if bare is not None:
            head.title, head.title_lines = lines[bare], (bare, bare + 1)
        return
    start = candidates[0]
    before = _previous_nonblank(lines, start)
    if before is not None and _is_issuer_line(lines[before]):
        start = before
    parts, stop = [], start
    for i in range(start, min(start + 5, len(lines))):
        line = lines[i]
        if not line:
            if parts and _TITLE_END.search("".join(parts)):
                break
            continue
        if parts and (
            line.endswith("：")
            or parse_doc_number(line)
            or len("".join(parts)) > 100
            or _FIELD.search(line)
        ):
            break
        parts.append(line)
        stop = i + 1
        if _TITLE_END.search(line):
            break
    head.title = _TITLE_PREFIX.sub("", "".join(parts))
    head.title_lines = (start, stop)
    ending = _TITLE_END.search(head.title)
    if ending:
        word = ending.group()
        head.type = "函" if word in ("复函", "答复") else word if word in DOC_TYPES else None


# What a web page or a PDF puts before a title: 信息名称: / 名称: / Page 22 - / 阳政办〔2019〕1号—
_TITLE_PREFIX = re.compile(
    r"^(?:.*?[:：]\s*(?=[^:：]*关于)|Page\s*\d+\s*-\s*|[^关]{2,12}[〔\[（(]\d{4}[〕\]）)]\d{1,5}号\s*[—－-]*\s*)"
)
# A field of page furniture (来源: 时间: 发布日期:), never part of a title.
_FIELD = re.compile(r"[:：]|^(?:来源|时间|发布|日期|索引号)")


def _previous_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 3), -1):
        if lines[j]:
            return j
    return None


def _is_issuer_line(line: str) -> bool:
    return (
        len(line) < 40
        and not _FIELD.search(line)
        and not _MASTHEAD.search(line)
        and classify(line) == "agency"
        and "关于" not in line
    )


def _find_doc_number(lines: list[str], head: Header) -> None:
    head.doc_number = head_doc_number(lines[: max(head.title_lines[1] + 12, 40)])


def _find_closing(lines: list[str], head: Header) -> None:
    """Signature, 成文日期, publication note and 抄送 (the first date line that is not 印发日期)."""
    for i, line in enumerate(lines):
        if head.date is None and _DATE.match(line):
            head.date, head.date_at = _iso_date(_DATE.match(line)), i
            signer = _previous_nonblank(lines, i)
            if signer is not None and _is_issuer_line(lines[signer]):
                head.issuer = lines[signer]
        publication = _PUBLICATION.match(line)
        if publication and head.publication is None:
            head.publication = publication.group(1)
        if line.startswith(("抄送：", "抄送:")) and not head.cc:
            head.cc = tuple(
                u.strip("。. ") for u in re.split(r"[，、,]", line[3:]) if u.strip("。. ")
            )


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = (chinese_number(g) if not g.isdigit() else int(g) for g in match.groups())
    if year < 100:  # 二〇二二 read digit by digit
        year = int("".join(str(chinese_number(ch)) for ch in match.group(1)))
    return f"{year:04d}-{month:02d}-{day:02d}"


def _find_addressees(lines: list[str], head: Header) -> None:
    for i in range(head.title_lines[1], min(head.title_lines[1] + 8, len(lines))):
        line = lines[i]
        if line.endswith(("：", ":")) and len(line) < 100 and not heading(line):
            head.addressees = tuple(p for p in re.split(r"[，,]", line.rstrip("：:")) if p)
            head.addressee_at = i
            return


def _issuer_from_title(title: str) -> str | None:
    prefix = title.split("关于", 1)[0] if "关于" in title else ""
    return prefix if prefix and classify(prefix) == "agency" else None


def _issuer_from_masthead(lines: list[str]) -> str | None:
    for line in lines[:12]:
        if line.endswith("文件") and classify(line[:-2]) == "agency":
            return line[:-2]
    return None


def _find_attachments(lines: list[str], head: Header) -> None:
    """附件 lines (titles may wrap onto the next line), and the instrument a notice issues."""
    titles: list[str] = []
    issued = _ISSUED.search(head.title)
    if issued:
        titles.append(issued.group("quoted") or issued.group("bare"))
    else:
        for line in lines[head.title_lines[1] : head.title_lines[1] + 12]:
            sent = _ISSUED.search(line)
            if sent and sent.group("sent"):
                titles.append(sent.group("sent"))
                break
    for i, line in enumerate(lines):
        match = _ATTACHMENT.match(line)
        if not match:
            continue
        head.attachment_at = i if head.attachment_at is None else head.attachment_at
        first = match.group("title")
        items = [first] if first else []
        j = i + 1
        while j < len(lines) and lines[j] and len(lines[j]) < 60:
            item = _ATTACHMENT_ITEM.match(lines[j])
            if item:
                items.append(lines[j])
            elif items and not _TITLE_END.search(items[-1]):
                items[-1] += lines[j]
            else:
                break
            j += 1
        for item in items:
            numbered = _ATTACHMENT_ITEM.match(item)
            titles.append((numbered.group("title") if numbered else item).strip("《》 "))
    seen = set()
    for title in titles:
        key = _compact(title)
        if key in seen:
            continue
        seen.add(key)
        at = _find_heading(lines, title, after=max(head.title_lines[1], 0))
        head.attachments.append(Attachment(title=title, present=at is not None))
        if (at is not None and issued) or (
            at is not None and head.instrument_at is None and not head.attachment_at
        ):
            head.instrument_at = at if head.instrument_at is None else head.instrument_at


def _compact(text: str) -> str:
    return re.sub(r"[\s《》“”\"'，,。]", "", text)


def _find_heading(lines: list[str], title: str, after: int) -> int | None:
    """Position of a standalone heading spelling ``title`` (it may wrap over several lines)."""
    want = _compact(title)
    for i in range(after, len(lines)):
        line = _compact(lines[i])
        if not line or not want.startswith(line) or len(line) < 4:
            continue
        joined, j = line, i + 1
        while len(joined) < len(want) and j < len(lines) and j <= i + 4:
            joined += _compact(lines[j])
            j += 1
        if joined == want:
            return i
    return None


@dataclass(frozen=True)
class Citations:
    """The documents a text implements, cites and repeals, and (title, 文号) pairs it names."""

    implements: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    repeals: tuple[str, ...] = ()
    titles: tuple[tuple[str, str | None], ...] = ()


def find_citations(paragraphs: list[tuple[str, bool]], own: str | None) -> Citations:
    """Classify citations; each paragraph comes with whether it is preamble (purpose clause)."""
    implements: list[str] = []
    cites: list[str] = []
    repeals: list[str] = []
    titles: list[tuple[str, str | None]] = []
    for text, preamble in paragraphs:
        for sentence in re.split(r"[。；]", text):
            numbers = find_doc_numbers(sentence)
            for found in numbers:
                number = found.number.text
                if number == own:
                    continue
                quoted = _title_before(sentence, found.start)
                if quoted:
                    titles.append((quoted, number))
                if "废止" in sentence[: found.start]:
                    repeals.append(number)
                elif preamble and carries_out(sentence, found.start, found.end):
                    implements.append(number)
                else:
                    cites.append(number)
            cites.extend(find_decrees(sentence))
            for match in _QUOTED.finditer(sentence):
                after = sentence[match.end() : match.end() + 16]
                if re.match(r"[（(](?:第\s*\d+\s*号|[^）)]*〔)", after):
                    continue  # a proposal number or a 文号 follows: handled above
                titles.append((match.group("title"), None))
    return Citations(
        implements=tuple(dict.fromkeys(implements)),
        cites=tuple(n for n in dict.fromkeys(cites) if n not in implements and n not in repeals),
        repeals=tuple(dict.fromkeys(repeals)),
        titles=tuple(dict.fromkeys(titles)),
    )


def _title_before(sentence: str, position: int) -> str | None:
    match = re.search(r"《([^》]{4,80})》\s*[（(〔\[]?\s*$", sentence[:position])
    return match.group(1) if match else None
