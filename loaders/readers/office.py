"""Old Word (.doc), WPS Office (.wps) and RTF files: converted to .docx by LibreOffice headless,
then read by the .docx reader, so tables and list numbering come through the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from policykg.loaders.readers import word
from policykg.loaders.readers.blocks import Reading
from policykg.loaders.readers.text import ReadError

TIMEOUT = 300  # seconds; a first start builds the profile, a long document takes a while


def converter() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _format(data: bytes, path: Path) -> str:
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "wps" if path.suffix.lower() == ".wps" else "doc"


def read(data: bytes, path: Path) -> Reading:
    """Convert with LibreOffice to .docx and read that; ReadError when LibreOffice is absent."""
    soffice = converter()
    if soffice is None:
        raise ReadError(
            "an old Word/WPS file needs LibreOffice to convert it and `soffice` is not installed "
            "(install the Debian package libreoffice-writer-nogui, or run scripts/system-deps.sh)"
        )
    fmt = _format(data, path)
    # one profile per worker (process and thread): LibreOffice locks its profile, so workers
    # converting at the same time must not share one
    worker = f"{os.getpid()}-{threading.get_ident()}"
    profile = Path(tempfile.gettempdir()) / f"policykg-libreoffice-{worker}"
    with tempfile.TemporaryDirectory(prefix="policykg-convert-") as folder:
        source = Path(folder) / f"document.{fmt}"
        source.write_bytes(data)
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                 "--outdir", str(Path(folder) / "out"), str(source)],
                capture_output=True, text=True, timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice did not convert it within {TIMEOUT} s") from None
        converted = Path(folder) / "out" / "document.docx"
        if not converted.is_file():
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ReadError(f"LibreOffice could not convert this {fmt} file: {reason[0]}")
        reading = word.read(converted.read_bytes(), path)
    return replace(reading, format=fmt, reader="libreoffice+lxml")
