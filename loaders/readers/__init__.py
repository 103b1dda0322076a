"""The reader registry: a file's format is recognised by its content, then one reader reads it.

Each entry is (format, sniff, module); the first whose sniff accepts the file's first bytes
reads it, so a Word file named ``.txt`` or a web page named ``.doc`` still reads right. Adding a
format means one module with ``read(data, path) -> Reading`` and one line in READERS.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from importlib import import_module
from pathlib import Path

from policykg.loaders.readers.blocks import Reading
from policykg.loaders.readers.text import ReadError

__all__ = ["READERS", "SUFFIXES", "ReadError", "Reading", "read_file", "sniff"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|div|table|p)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def _zip_names(data: bytes) -> set[str]:
    try:
        return {name.lower() for name in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    except zipfile.BadZipFile:
        return set()


def _is_docx(data: bytes) -> bool:
    return data.startswith(b"PK") and "word/document.xml" in _zip_names(data)


def _is_ofd(data: bytes) -> bool:
    return data.startswith(b"PK") and "ofd.xml" in _zip_names(data)


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _is_office(data: bytes) -> bool:
    # OLE2 compound files are .doc and WPS Office's .wps; RTF goes the same way
    return data.startswith(_OLE2) or data.startswith(b"{\\rtf")


def _is_html(data: bytes) -> bool:
    return bool(_MARKUP.match(data[:4096]))


# (format, sniff, module): tried in order, plain text last as the catch-all
READERS: tuple[tuple[str, Callable[[bytes], bool], str], ...] = (
    ("docx", _is_docx, "word"),
    ("ofd", _is_ofd, "ofd"),
    ("pdf", _is_pdf, "pdf"),
    ("office", _is_office, "office"),
    ("html", _is_html, "web"),
    ("txt", lambda data: True, "text"),
)
# what a folder is expanded to; a file named on its own is read whatever its name
# Extraction holds about 10 bytes per byte of text and reads about 1 MB/s (measured on 8 and 32 MB
# texts: 100 MB and 330 MB resident); a policy document is well under 1 MB, so a file this large is
# a dump or a mistake, and refusing it keeps one file from taking the machine's memory.
MAX_FILE_BYTES = 100_000_000

SUFFIXES = (".txt", ".text", ".docx", ".doc", ".wps", ".rtf", ".pdf", ".html", ".htm", ".ofd")


def sniff(data: bytes) -> str:
    """The reader module for these bytes.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>"), sniff("通知".encode())
    ('pdf', 'web', 'text')
    """
    for _format, accepts, module in READERS:
        if accepts(data):
            return module
    raise AssertionError("the text reader accepts everything")


def read_file(path: Path) -> Reading:
    """Read any supported file into blocks and text lines; raise ReadError saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(
                f"{size / 1e6:.0f} MB is over the {MAX_FILE_BYTES / 1e6:.0f} MB a file may hold "
                "(a policy document is well under 1 MB; split the file into its documents)"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(b"PK") and not (_is_docx(data) or _is_ofd(data)):
        raise ReadError("a ZIP archive that is neither a Word .docx nor an OFD document")
    reader = import_module(f"policykg.loaders.readers.{sniff(data)}")
    reading = reader.read(data, path)
    return replace(reading, sha256=hashlib.sha256(data).hexdigest())
