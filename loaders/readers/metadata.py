"""A publisher's metadata about a document (a portal's 信息公开 block) filled into its record.

Only where the body lacks the fact: what the document itself says always wins.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.records import Document

# the labels portals use for each field, as they appear before the colon
LABELS = {
    "index": ("索引号", "索 引 号"),
    "doc_number": ("发文字号", "文号", "发文编号"),
    "issuer": ("发布机构", "发文机关", "发文单位", "发布单位", "成文机关"),
    "written": ("成文日期", "发文日期", "印发日期"),
    "published": ("发布日期", "公开日期", "发布时间"),
    "subject": ("主题分类", "主题词", "分类"),
    "title": ("标题", "名称", "文件名称"),
    "validity": ("有效性", "时效性"),
}
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


def field_of(label: str) -> str | None:
    """The metadata field a label names, or None.

    >>> field_of("发文字号："), field_of("成 文 日 期"), field_of("点击量")
    ('doc_number', 'written', None)
    """
    compact = re.sub(r"[\s:：]", "", label)
    for name, labels in LABELS.items():
        if compact in {re.sub(r"\s", "", known) for known in labels}:
            return name
    return None


def iso_date(text: str) -> str | None:
    """``2022年02月16日`` or ``2022-2-16`` as ISO, or None.

    >>> iso_date("2022年2月16日"), iso_date("2022-02-16 10:31")
    ('2022-02-16', '2022-02-16')
    """
    match = _DATE.search(text)
    return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def with_metadata(document: Document, metadata: dict[str, str]) -> Document:
    """The document with 文号, issuer and date taken from metadata where the body has none."""
    changes: dict[str, object] = {}
    number = parse_doc_number(metadata.get("doc_number", ""))
    if document.doc_number is None and number is not None:
        changes.update(doc_number=number.text, doc_number_parts=number)
    if document.issuer is None and metadata.get("issuer"):
        changes["issuer"] = metadata["issuer"]
    if document.date is None and iso_date(metadata.get("written", "")):
        changes["date"] = iso_date(metadata["written"])
    return replace(document, **changes) if changes else document
