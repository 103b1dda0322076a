"""发文字号 (document numbers): 机关代字〔年份〕序号号 in every bracket and spacing variant.

>>> parse_doc_number("国发[2021]4号")
DocNumber(daizi='国发', year=2021, serial=4)
>>> parse_doc_number("国发〔 2021〕4 号").text
'国发〔2021〕4号'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.records import DocNumber

_OPEN = "〔[（(【〖［"
_CLOSE = "〕]）)】〗］"
_ANCHOR = re.compile(
    rf"[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(_CLOSE)}]\s*"
    r"(?P<serial>\d{1,5})\s*号"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,12}$")
# Words that end the running text before a 代字 begins: "根据国发〔2021〕4号" → 国发.
_LEAD_IN = re.compile(
    r".*(?:根据|按照|依据|依照|参照|执行|落实|贯彻|印发|转发|文件|通知|意见|要求|精神|规定|"
    r"的|和|及|与|或|即|见|以|是|为)"
)
_DECREE = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{2,20}?令)\s*第\s*(?P<serial>\d{1,5})\s*号")
_STANDALONE = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[" + re.escape(_OPEN) + r"]")


@dataclass(frozen=True)
class Found:
    """A document number found in running text, with its character span."""

    number: DocNumber
    start: int
    end: int


def find_doc_numbers(text: str) -> list[Found]:
    """Every 文号 in running text, left to right.

    >>> [f.number.text for f in find_doc_numbers("根据《意见》（渝府发〔2021〕31号）和国发[2021]4号")]
    ['渝府发〔2021〕31号', '国发〔2021〕4号']
    """
    found = []
    for match in _ANCHOR.finditer(text):
        run = _CJK_RUN.search(text, max(0, match.start() - 12), match.start())
        if run is None or run.end() != match.start():
            continue
        daizi = run.group()
        lead_in = _LEAD_IN.match(daizi)
        if lead_in:
            daizi = daizi[lead_in.end() :]
        if not daizi:
            continue
        start = match.start() - len(daizi)
        number = DocNumber(daizi, int(match.group("year")), int(match.group("serial")))
        found.append(Found(number, start, match.end()))
    return found


_SPACES = re.compile(r"\s+")


def parse_doc_number(text: str) -> DocNumber | None:
    """Parse a string that is a 文号 and nothing else (spaces allowed), or return None."""
    if "号" not in text:
        return None
    compact = _SPACES.sub("", text)
    if not _STANDALONE.match(compact):
        return None
    found = find_doc_numbers(compact)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(compact):
        return found[0].number
    return None


# A labelled field of a web page or a form: 发文字号：X, 文件编号：X, 文 号 X, 发文序号:X.
_LABELLED = re.compile(
    r"(?:发文字号|文件编号|发文序号|文件字号|文\s*号)\s*[:：]?\s*"
    rf"(?P<number>[\u4e00-\u9fff]{{1,12}}\s*[{re.escape(_OPEN)}]\s*(?:19|20)\d{{2}}\s*"
    rf"[{re.escape(_CLOSE)}]\s*\d{{1,5}}\s*号)"
)
_LABEL_ALONE = re.compile(r"^[•·\-\s]*(?:发文字号|文件编号|发文序号|文件字号|文\s*号)\s*[:：]?\s*$")


def head_doc_number(lines: list[str]) -> DocNumber | None:
    """The document's own 文号 among its head lines: a labelled field, a line of its own (also
    after a label line), or a line it opens (``阳政办〔2019〕1号—关于…``).

    >>> head_doc_number(["发布机构 区政府办公室 文    号 蔡政办〔2023〕1号"]).text
    '蔡政办〔2023〕1号'
    >>> head_doc_number(["发文字号", "郧政发〔2023〕5号"]).text
    '郧政发〔2023〕5号'
    >>> head_doc_number(["阳政办〔2019〕1号—区人民政府办公室关于印发方案的通知"]).text
    '阳政办〔2019〕1号'
    >>> head_doc_number(["（汉滨政发〔2023〕6号）"]).text, head_doc_number(["南府办发〔2023〕", "15号"]).text
    ('汉滨政发〔2023〕6号', '南府办发〔2023〕15号')
    """
    for line in lines:
        labelled = _LABELLED.search(line)
        if labelled:
            return parse_doc_number(labelled.group("number"))
    for i, line in enumerate(lines):
        bare = line.strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")")
        number = parse_doc_number(bare)
        if number is None and i + 1 < len(lines) and re.search(r"\d{4}\s*[〕\]）)】］]\s*$", line):
            number = parse_doc_number(line + lines[i + 1])  # 南府办发〔2023〕 / 15号
        if number:
            return number
    for line in lines:
        found = find_doc_numbers(line.strip(" •·"))
        if found and found[0].start == 0 and found[0].number.daizi[-1:] not in "和及与":
            return found[0].number
    return None


def find_decrees(text: str) -> list[str]:
    """Numbered decrees cited in text: 重庆市人民政府令第329号 (they carry no year bracket)."""
    out = []
    for match in _DECREE.finditer(text):
        issuer = match.group("issuer")
        lead_in = _LEAD_IN.match(issuer)
        if lead_in and lead_in.end() < len(issuer) - 1:
            issuer = issuer[lead_in.end() :]
        out.append(f"{issuer}第{match.group('serial')}号")
    return out


def normalise(text: str) -> str:
    """The canonical written form of a 文号 given in any variant; unchanged if not one."""
    number = parse_doc_number(text)
    return number.text if number else text.strip()
