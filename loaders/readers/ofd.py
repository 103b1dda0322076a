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
                # pieces a character apart are separate cells (tables here have no rulings);
                # whole rows, not their cells, are judged as page furniture
                pages.append(reading_order(merge_lines(pieces, gap=1.0), page.width))
    except ofdkit.OFDError as exc:
        raise ReadError(f"not a readable OFD document: {exc}") from None
    if not any(pages):
        raise ReadError("an OFD document with no text (scanned pages need OCR first)")
    pages = drop_furniture(pages, [h for _, h in sizes])
    margins = text_margins(pages)
    blocks = text_blocks([line for page in pages for line in page], margins)
    return Reading(tuple(blocks), render(blocks), "", "ofd", "ofdkit")
