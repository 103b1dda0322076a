"""The views of the development set (data/corpus/realworld: 24 texts from eleven provinces) read at
a glance in headless Chromium: more documents than fit one row, unresolved citations from every
province, proposals answered. Screenshots go to tests/artifacts/realworld-*.png.

Facts from the texts: 綦江高新区's reply answers proposal 第133号 and 巴南区's reply proposal 第235号;
the Xianyang text (xianyang_fangguanfu_2022_trad.txt) has neither 文号 nor title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from tests.support.browser import (
    ARTIFACTS,
    LABEL_BOXES,
    NODE_BOXES,
    open_clean,
    overlaps,
    write_views,
)

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "realworld"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("realworld-viz")
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--store", str(tmp / "store")])
    assert result.exit_code == 0, result.stderr
    return write_views(str(tmp / "store"), tmp, {"agencies": ["agencies"], "lineage": ["lineage"]})


def _open(chromium: Any, path: Path, shot: str) -> Any:
    return open_clean(chromium, path, f"realworld-{shot}.png").page


def test_lineage_of_the_development_set_reads_at_the_initial_fit(chromium: Any,
                                                                 pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["lineage"], "lineage")
    boxes = page.evaluate(NODE_BOXES)
    assert overlaps(boxes) == []
    assert all(b["name"].strip() for b in boxes)  # no empty box, also for an untitled text
    assert min(b["px"] for b in boxes) >= 10
    proposals = page.evaluate("Object.values(pkgUI.data.proposals)")
    assert any("第133号" in p for p in proposals) and any("第235号" in p for p in proposals)
    # the district documents are on more than one shelf, each below the upper rows
    docs = page.evaluate("pkgUI.data.docs")
    at = {b["id"]: b for b in boxes}
    district = {at[i]["y"] for i, d in docs.items() if d["level"] == "区县 district"}
    upper = [at[i]["y"] for i, d in docs.items() if d["level"] != "区县 district"]
    assert len(district) > 1 and max(upper) < min(district)
    # unfolding everything keeps the boxes apart (the shelves below move down)
    page.click("#pkg-unfold")
    assert overlaps(page.evaluate(NODE_BOXES)) == []
    page.evaluate("network.fit({animation: false})")
    page.screenshot(path=str(ARTIFACTS / "realworld-lineage-unfolded.png"))


def test_agencies_of_the_development_set_are_labelled_apart(chromium: Any,
                                                          pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 20
    assert overlaps(boxes) == []
    assert min(b["px"] for b in boxes) >= 12
