"""The plain-text reader: bytes of unknown encoding → text, or one clear error."""

from __future__ import annotations

import codecs
from pathlib import Path

from policykg.loaders.readers.blocks import Paragraph, Reading

# Encodings a Chinese government text comes in, most specific first. GB18030 is a superset of
# GBK and GB2312, so text detected as either is decoded as GB18030.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(ValueError):
    """A file that cannot be read; the message says why (callers add the file name)."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; return (text, encoding) or raise ReadError.

    >>> decode("永川区".encode("gb18030"))
    ('永川区', 'gb18030')
    """
    if not data.strip():
        raise ReadError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name), name
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError("binary file or unknown encoding: no text encoding fits its bytes")
    name = "gb18030" if best.encoding.lower().replace("_", "") in _GB_FAMILY else best.encoding
    return str(best), name


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from None


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its NUL bytes in the odd or even positions."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    # ASCII-heavy UTF-16 has many NULs on one side; CJK-heavy UTF-16 has none, so also try a
    # strict decode that yields mostly CJK characters.
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    if b"\x00" not in sample:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk > len(text) * 0.3:
            return name
    return None


def read(data: bytes, path: Path) -> Reading:
    """Decode a text file; its lines are its paragraphs, kept one for one (evidence lines)."""
    text, encoding = decode(data)
    if _looks_binary(text):
        raise ReadError("binary file: mostly control characters, not text")
    blocks = tuple(Paragraph(line) for line in text.splitlines())
    return Reading(blocks, text, "", "txt", "text", encoding)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return control > len(sample) * 0.05 or "\ufffd" in sample[:2000]
