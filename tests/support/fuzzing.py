"""Generators of hostile loader input, driven by a ``random.Random`` (seeded in bench/fuzz.py,
hypothesis's ``st.randoms()`` in tests/loaders/test_fuzz.py), so both draw the same families.

Each generator returns the bytes of one file. Families (issue 17): random bytes, random Unicode
in several encodings (lone surrogates included), mutations of the samples and the development texts
(lines deleted, duplicated, shuffled, truncated at a random byte, control characters and NULs,
lone surrogates in UTF-16, mixed encodings), 100k-character lines, thousands of nested numbering
levels, 文号 with huge numbers, brackets never closed, lines starting ①–⑳, runs of unnumbered
headings.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DIRS = (ROOT / "data" / "corpus" / "chongqing", ROOT / "data" / "corpus" / "realworld")

_HEAD = (
    "重庆市永川区人民政府办公室\n关于印发永川区2023年重点任务的通知\n永川府办发〔2023〕5号\n\n"
    "各镇人民政府、街道办事处，区政府各部门：\n现将方案印发给你们，请认真贯彻执行。\n\n"
    "重庆市永川区人民政府办公室\n2023年3月1日\n\n"
)
_PUNCT = "（）()〔〕[]【】、，,；;：:。.！？“”《》〈〉—…·|\t "
_CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u200b\u200e\u2028\u2029\ufeff\ufffe"
_NUMBERS = (
    "一、",
    "（一）",
    "(一)",
    "1.",
    "1．",
    "1、",
    "（1）",
    "①",
    "⑳",
    "一是",
    "第一条",
    "1.1.1",
    "十九、",
)
_FRAGMENTS = (
    "加快推进绿色低碳发展，",
    "区发改委、",
    "到2025年，单位地区生产总值能耗下降13.5%以上，",
    "（牵头单位：区发改委；责任单位：区财政局、区生态环境局）",
    "（区经济信息委牵头，区科技局、区商务委等按职责分工负责）",
    "牵头单位：",
    "责任单位：区住房城乡建委，各镇街",
    "江岸、江汉、汉阳、武昌区人民政府",
    "国发〔2021〕4号",
    "| 1 | 重点任务 | 张三 | 区发改委 |",
    "达到90%",
)


@cache
def samples() -> tuple[str, ...]:
    """The bundled samples and the development texts, as text."""
    return tuple(
        p.read_text(encoding="utf-8") for d in SAMPLE_DIRS for p in sorted(d.glob("*.txt"))
    )


def _size(rng: random.Random, most: int = 4096) -> int:
    """A length skewed towards small: most inputs are short, a few reach ``most``."""
    return int(most ** rng.random())


def _encode(rng: random.Random, text: str) -> bytes:
    """Text in an encoding a Chinese text file might have, lone surrogates passed through."""
    encoding = rng.choice(("utf-8", "utf-8", "utf-16", "utf-16-le", "gb18030", "utf-8-sig"))
    if encoding == "gb18030":
        return text.encode(encoding, errors="ignore")
    return text.encode(encoding, errors="surrogatepass")


def random_bytes(rng: random.Random) -> bytes:
    """Bytes of any value."""
    return rng.randbytes(_size(rng))


def random_unicode(rng: random.Random) -> bytes:
    """Code points from the pools a policy text draws on, plus controls and lone surrogates."""
    pools = (
        lambda: chr(rng.randint(0x4E00, 0x9FFF)),
        lambda: rng.choice(_PUNCT),
        lambda: rng.choice("0123456789０１２３\n\n"),
        lambda: rng.choice(_CONTROL),
        lambda: chr(rng.randint(0xD800, 0xDFFF)),
        lambda: chr(rng.randint(0x20, 0x7E)),
        lambda: chr(rng.randint(0x80, 0x10FFFF)),
        lambda: rng.choice(_NUMBERS),
    )
    weights = (40, 20, 10, 3, 1, 10, 3, 5)
    text = "".join(rng.choices(pools, weights)[0]() for _ in range(_size(rng, 3000)))
    return _encode(rng, (_HEAD if rng.random() < 0.5 else "") + text)


def _mutate_lines(rng: random.Random, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    i = rng.randrange(len(lines))
    choice = rng.randrange(7)
    if choice == 0:
        del lines[i : i + rng.randint(1, 20)]
    elif choice == 1:
        lines[i:i] = lines[i : i + rng.randint(1, 10)] * rng.randint(1, 30)
    elif choice == 2:
        part = lines[i : i + rng.randint(2, 40)]
        rng.shuffle(part)
        lines[i : i + len(part)] = part
    elif choice == 3:
        line = lines[i]
        at = rng.randint(0, len(line))
        lines[i] = line[:at] + "".join(rng.choices(_CONTROL, k=rng.randint(1, 5))) + line[at:]
    elif choice == 4:
        line = lines[i]
        lines[i] = line.replace(rng.choice("（(【[〔"), "", 1).replace(
            rng.choice("）)】]〕"), "", 1
        )
    elif choice == 5:
        lines[i] = rng.choice(_NUMBERS) + lines[i]
    else:
        lines[i] = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in lines[i]) * 2
    return lines


def mutated_sample(rng: random.Random) -> bytes:
    """A sample or development text with 1-8 line mutations, then an encoding-level fault."""
    lines = rng.choice(samples()).split("\n")
    for _ in range(rng.randint(1, 8)):
        lines = _mutate_lines(rng, lines)
    text = "\n".join(lines)
    fault = rng.randrange(5)
    if fault == 0:  # a lone surrogate in UTF-16
        at = rng.randint(0, len(text))
        return (text[:at] + chr(rng.randint(0xD800, 0xDFFF)) + text[at:]).encode(
            "utf-16", errors="surrogatepass"
        )
    if fault == 1:  # mixed encodings: one part GB18030, the rest UTF-8
        at = rng.randint(0, len(text))
        return text[:at].encode("utf-8") + text[at:].encode("gb18030", errors="ignore")
    data = _encode(rng, text)
    if fault == 2:  # truncated at any byte, possibly inside a character
        return data[: rng.randint(0, len(data))]
    if fault == 3 and data:  # NULs and stray bytes
        at = rng.randrange(len(data))
        return data[:at] + rng.choice((b"\x00", b"\xff\xfe", b"\x80", b"\x00\x00\x00")) + data[at:]
    return data


def long_line(rng: random.Random) -> bytes:
    """One line of about 100,000 characters of policy fragments, after a document head."""
    number = rng.choice(_NUMBERS) if rng.random() < 0.7 else ""
    picks = rng.choices(_FRAGMENTS, k=rng.randint(2, 4))
    body = []
    length = 0
    while length < 100_000:
        piece = rng.choice(picks)
        body.append(piece)
        length += len(piece)
    return (_HEAD + number + "".join(body) + "\n").encode("utf-8")


def deep_numbering(rng: random.Random) -> bytes:
    """Thousands of numbered lines descending through every level, ①–⑳ and unnumbered headings."""
    lines = [_HEAD]
    for i in range(rng.randint(500, 4000)):
        style = rng.randrange(4)
        if style == 0:
            lines.append(f"{rng.choice(_NUMBERS)}推进第{i}项工作。（区发改委负责）")
        elif style == 1:
            lines.append(
                ".".join(str(rng.randint(1, 99)) for _ in range(rng.randint(1, 60))) + " 任务"
            )
        elif style == 2:
            lines.append(f"{chr(0x2460 + rng.randrange(20))}开展专项行动{i}")
        else:
            lines.append(rng.choice(("加强组织领导", "保障措施", "工作要求", "主要任务")))
    return "\n".join(lines).encode("utf-8")


def huge_doc_numbers(rng: random.Random) -> bytes:
    """文号 with huge years and serials, odd brackets and breaks, in the head and in citations."""
    digits = lambda: "".join(rng.choices("0123456789", k=rng.randint(1, 400)))  # noqa: E731
    brackets = rng.choice(("〔〕", "[]", "（）", "()", "【】", "〔", "[", "〕〔"))
    open_, close = brackets[0], brackets[-1] if len(brackets) > 1 else ""
    number = f"永川府办发{open_}{digits()}{close}{digits()}号"
    lines = [
        number,
        "关于印发方案的通知",
        f"根据《意见》（国发{open_}{digits()}{close}{digits()}号）",
    ]
    lines += [f"{n}.推进工作（{number}）" for n in range(rng.randint(1, 200))]
    return "\n".join(lines).encode("utf-8")


def unclosed_brackets(rng: random.Random) -> bytes:
    """Responsibility statements whose brackets never close, nested and repeated."""
    opener = rng.choice("（(【[〔《“")
    item = f"推进工作{opener}牵头单位：区发改委；责任单位：区财政局、" * rng.randint(1, 50)
    lines = [_HEAD] + [
        f"{n}.{item}{opener * rng.randint(0, 200)}" for n in range(rng.randint(1, 300))
    ]
    return "\n".join(lines).encode("utf-8")


FAMILIES: dict[str, Callable[[random.Random], bytes]] = {
    "random_bytes": random_bytes,
    "random_unicode": random_unicode,
    "mutated_sample": mutated_sample,
    "long_line": long_line,
    "deep_numbering": deep_numbering,
    "huge_doc_numbers": huge_doc_numbers,
    "unclosed_brackets": unclosed_brackets,
}
# How often each family is drawn: the long inputs are few, being slow by design.
WEIGHTS = {
    "random_bytes": 10,
    "random_unicode": 25,
    "mutated_sample": 50,
    "long_line": 2,
    "deep_numbering": 3,
    "huge_doc_numbers": 5,
    "unclosed_brackets": 5,
}


def generate(rng: random.Random) -> tuple[str, bytes]:
    """One case: its family name and the bytes of the file."""
    name = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
    return name, FAMILIES[name](rng)
