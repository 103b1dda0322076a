"""Lineage from the purpose sentence: which cited 文号 a document implements.

``为（认真/深入/全面）贯彻落实《title》（文号）精神，结合我区实际，制定本方案`` — a verb of carrying out
(贯彻落实, 落实, 贯彻, 根据, 依据, 按照, 依照, 遵照) governs the citation, nothing but other cited
titles stands between them, and after it comes 精神 / 要求 / (决策)部署, or nothing before the clause
ends (结合…实际, 经…同意, 制定本…). ``根据《…》（…）的规定`` and a 文号 met elsewhere stay citations; a title without a 文号 is resolved
by title where the graph is built.

>>> s = "为贯彻落实《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》（国发〔2021〕4号），结合我区实际，制定本方案"
>>> carries_out(s, s.index("国发"), s.index("号）") + 1)
True
>>> s = "根据《重庆市行政规范性文件管理办法》（重庆市人民政府令第329号）的规定，对…进行了清理"
>>> carries_out(s, s.index("重庆市人民政府令"), s.index("号）") + 1)
False
"""

from __future__ import annotations

import re

_VERB = re.compile(r"贯彻落实|贯彻|落实|根据|依据|按照|依照|遵照|遵循")
_QUOTED = re.compile(r"《[^《》]{0,200}》")
_CITED = re.compile(r"[（(][^（）()]{0,40}[）)]")  # the bracketed 文号 of a cited title
# between the verb and the citation: other cited titles, an issuer (重庆市人民政府《…》), a list's
# 和/及/、 — never a clause break
_BETWEEN = re.compile(r"^[^，,。；;：:！？!?]{0,40}$")
# what may follow the citation before the clause ends: 精神, 要求, (决策)部署 … or nothing
_OBJECT = re.compile(
    r"^(?:的|等|文件|有关|相关|工作|各项|系列)*"
    r"(?:精神|要求|部署|决策部署|决策|安排|精神和要求|要求和部署|精神要求|部署要求)?$"
)
_CONNECTED = re.compile(r"^(?:(?:和|及|以及|、|与)\s*(?:《[^《》]{0,200}》)?\s*(?:[（(][^（）()]{0,40}[）)])?\s*)+")


def carries_out(sentence: str, start: int, end: int) -> bool:
    """Whether the 文号 at ``sentence[start:end]`` is what the purpose sentence carries out."""
    head = _QUOTED.sub(lambda m: "《" + "　" * (len(m.group()) - 2) + "》", sentence[:start])
    verbs = list(_VERB.finditer(head))
    if not verbs:
        return False
    between = head[verbs[-1].end() :]
    if not _BETWEEN.match(_CITED.sub("", _QUOTED.sub("", between))):
        return False  # the verb governs another clause: 落实…工作，对照《…》（文号）
    tail = sentence[end:].lstrip("）)〕]】 ")
    tail = _CONNECTED.sub("", tail)  # 和《…》（渝府发〔2021〕31号）精神: the list goes on
    first = re.split(r"[，,：:]", tail, maxsplit=1)[0].strip()
    return bool(_OBJECT.match(first))
