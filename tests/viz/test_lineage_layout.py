"""The lineage layout without a browser: boxes apart, rows by level, shelves and bands when a
corpus is larger than the bundled one (a synthetic outline: 30 district documents with 0 to 40
sections, 15 documents cited but not in the graph, 2 municipal and 1 national policy)."""

from __future__ import annotations

from itertools import combinations

from policykg.viz.layout import box_width
from policykg.viz.lineage_layout import DOC_FONT, SECTION_FONT, lineage_layout


def _corpus() -> tuple[dict, dict, list, dict]:
    levels = {f"d{i}": "district" for i in range(30)}
    levels |= {f"u{i}": "unknown" for i in range(15)} | {"m0": "municipal", "m1": "municipal",
                                                           "n0": "national"}
    labels = {d: f"永川府办发\n〔2022〕{i}号" for i, d in enumerate(levels)}
    relations = [(f"d{i}", f"m{i % 2}") for i in range(30)] + [("m0", "n0"), ("m1", "n0")]
    relations += [(f"d{i}", f"u{i % 15}") for i in range(30)]
    children: dict[str, list[str]] = {}
    for i in range(30):
        tops = [f"d{i}/s{j}" for j in range(i % 5)]
        children[f"d{i}"] = tops
        for top in tops:
            children[top] = [f"{top}.{k}" for k in range(i % 9)]
    return levels, labels, relations, children


def _boxes(layout, levels: dict, labels: dict) -> list[tuple[str, float, float, float, float]]:
    boxes = []
    for node, (x, y) in layout.pos.items():
        if node in levels:
            w, h = box_width(labels[node], DOC_FONT), 2 * DOC_FONT + 10
        else:
            w, h = layout.widths[node], SECTION_FONT + 10
        boxes.append((node, x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return boxes


def test_boxes_are_apart_and_rows_follow_the_levels() -> None:
    levels, labels, relations, children = _corpus()
    layout = lineage_layout(levels, labels, relations, children)
    boxes = _boxes(layout, levels, labels)
    sections = sum(len(v) for v in children.values())
    assert len(boxes) == len(levels) + sections
    touching = [(a[0], b[0]) for a, b in combinations(boxes, 2)
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert touching == []
    y = {level: {layout.pos[d][1] for d in levels if levels[d] == level}
         for level in ("national", "municipal", "unknown", "district")}
    assert max(y["national"]) < min(y["municipal"]) <= max(y["municipal"]) < min(y["unknown"])
    assert max(y["unknown"]) < min(y["district"])
    # 30 documents do not fit one row at a legible zoom: shelves; 15 cited ones wrap into bands
    assert len(layout.shelves) > 1 and len(y["district"]) == len(layout.shelves)
    assert len(y["unknown"]) > 1
    left, right = layout.span
    assert all(left <= layout.pos[d][0] <= right for d in levels if levels[d] == "unknown")


def test_sections_hang_under_their_document_in_reading_order() -> None:
    levels, labels, relations, children = _corpus()
    layout = lineage_layout(levels, labels, relations, children)
    for column in layout.columns:
        items = [item for item, *_ in column[2] if item not in levels]
        ys = [layout.pos[item][1] for item in items]
        assert ys == sorted(ys)
    for doc in (d for d in levels if levels[d] == "district"):
        for top in children[doc]:
            assert layout.pos[top][1] > layout.pos[doc][1]
            for sub in children[top]:  # a subsection after its section, indented
                assert layout.pos[sub][1] > layout.pos[top][1] or \
                    layout.pos[sub][0] > layout.pos[top][0]
                assert layout.widths[sub] < layout.widths[top]


def test_a_province_s_documents_sit_between_the_nation_and_its_cities() -> None:
    # 国务院 → 湖北省 → 武汉市 → 蔡甸区: each row above the one implementing it
    levels = {"n": "national", "p": "provincial", "m": "municipal", "d": "district"}
    labels = {"n": "国发\n〔2021〕4号", "p": "鄂政发\n〔2021〕1号", "m": "武政办\n〔2023〕1号",
              "d": "蔡政办\n〔2023〕1号"}
    layout = lineage_layout(levels, labels, [("d", "m"), ("m", "p"), ("p", "n")], {"d": []})
    ys = [layout.pos[d][1] for d in ("n", "p", "m", "d")]
    assert ys == sorted(ys) and len(set(ys)) == 4
