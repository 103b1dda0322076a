"""File names that are not UTF-8: Python holds their stray bytes as lone surrogates
(``os.fsdecode``), which no UTF-8 output can carry as they are."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    r"""``text`` with the bytes of a non-UTF-8 file name written \xNN, for messages.

    >>> import os
    >>> shown(os.fsdecode(b"a/\xb9\xfa\xb7\xa2.txt")), shown("国发.txt")
    ('a/\\xb9\\xfa\\xb7\\xa2.txt', '国发.txt')
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def json_escaped(text: str) -> str:
    r"""JSON text (``ensure_ascii=False``) with its lone surrogates as \u escapes.

    The JSON stays UTF-8 and a reader gets the name back exactly: ``os.fsencode`` of the
    decoded string gives the file's bytes.

    >>> import json, os
    >>> json_escaped(json.dumps(os.fsdecode(b"\xb9\xfa.txt"), ensure_ascii=False))
    '"\\udcb9\\udcfa.txt"'
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
