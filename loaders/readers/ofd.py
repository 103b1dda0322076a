"""The OFD reader (GB/T 33190, the national fixed-layout format): ofdkit (Apache-2.0, standard
library only) reads the text runs with their positions; the PDF layout rules put them in order.
"""

from __future__ import annotations

from pathlib import Path

from policykg.loaders.readers.blocks import Reading, render
from policykg.loaders.readers.pdf import text_blocks
from policykg.loaders.readers.pdf_layout import (
    Line,
    drop_furniture,
    merge_lines,
    reading_order,
    text_margins,
)
from policykg.loaders.readers.text import ReadError


def read(data: bytes, path: Path) -> Reading:
    """Read an OFD document's text in reading order, tables of aligned cells as tables."""
    import ofdkit

    try:
        with ofdkit.open(data) as document:
            pages = []
            sizes = []
            for number, page in enumerate(document.pages):
                sizes.append((page.width, page.height))
                pieces = [
                    Line(run.text, run.x, run.x + run.width, run.y - run.size, run.y, number)
                    for run in page.runs
                    if run.text.strip()
                ]
                pages.append(merge_lines(pieces))
    except ofdkit.OFDError as exc:
        raise ReadError(f"not a readable OFD document: {exc}") from None
    if not any(pages):
        raise ReadError("an OFD document with no text (scanned pages need OCR first)")
    pages = drop_furniture(pages, [h for _, h in sizes])
    margins = text_margins(pages)
    lines = [line for n, page in enumerate(pages) for line in reading_order(page, sizes[n][0])]
    blocks = text_blocks(lines, margins)
    return Reading(tuple(blocks), render(blocks), "", "ofd", "ofdkit")
