"""Upstream clause outlines (graph/clauses.py) and the aligner (graph/alignment.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from policykg.graph.alignment import MATCH_MIN, Unit, Upstream, align, best_sums
from policykg.graph.clauses import OutlineError, load_outlines, parse_outline, read_outline


def test_shipped_outlines_hold_the_clauses_of_upstream_md() -> None:
    outlines, errors = load_outlines()
    assert errors == []
    by_number = {o.doc_number: o for o in outlines}
    four = by_number["国发〔2021〕4号"]
    # 8 parts 一、…八、 and 30 clauses （一）…（三十）
    assert len([c for c in four.clauses if c.parent is None]) == 8
    assert len([c for c in four.clauses if c.parent]) == 30
    clause = next(c for c in four.clauses if c.number == "（二十五）")
    assert clause.title == "完善绿色标准、绿色认证体系和统计监测制度"
    assert clause.parent == "7" and clause.id == "7.5"
    thirty_three = by_number["国发〔2021〕33号"]
    assert [c.title for c in thirty_three.clauses if c.id.startswith("3.")][6] == "重点区域污染物减排工程"
    assert len(thirty_three.clauses) == 5 + 10 + 8 + 3


def test_a_user_outline_folder_extends_the_registry(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "渝府发-2021-31.txt").write_text(
        "文号：渝府发[2021]31号\n一、总体要求\n（一）指导思想。深入贯彻\n正文续行\n", encoding="utf-8"
    )
    monkeypatch.setenv("POLICYKG_OUTLINES", str(tmp_path))
    outlines, errors = load_outlines()
    user = next(o for o in outlines if o.doc_number == "渝府发〔2021〕31号")
    assert [(c.number, c.title, c.text) for c in user.clauses] == [
        ("一、", "总体要求", ""), ("（一）", "指导思想", "深入贯彻正文续行")]
    assert errors == []


def test_a_bad_outline_file_is_reported_by_the_build_and_the_rest_goes_on(tmp_path: Path,
                                                                          monkeypatch) -> None:
    from policykg.graph.store import write_store

    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "empty.txt").write_text("# nothing\n", encoding="utf-8")
    monkeypatch.setenv("POLICYKG_OUTLINES", str(tmp_path / "outlines"))
    reports = write_store([], tmp_path / "store")
    assert [(Path(r.path).name, r.errors) for r in reports] == [("empty.txt", ("no 文号： line",))]
    assert load_outlines()[1] == [(str(tmp_path / "outlines" / "empty.txt"), "no 文号： line")]


def test_a_bad_outline_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("一、总体要求\n", encoding="utf-8")
    with pytest.raises(OutlineError, match=r"bad\.txt: no 文号"):
        read_outline(bad)
    with pytest.raises(OutlineError, match=r"text before the first numbered heading"):
        parse_outline(["文号：国发〔2021〕4号", "前言"])


def _units(titles: list[str], kind: str = "section") -> list[Unit]:
    return [Unit(f"u{i}", f"（{i}）", t, kind=kind) for i, t in enumerate(titles, 1)]


CLAUSES = [Unit(f"c{i}", f"（{i}）", t) for i, t in enumerate(
    ["推进工业绿色升级", "加快农业绿色发展", "提高服务业绿色发展水平", "壮大绿色环保产业"], 1)]


def test_constant_offset_and_skipped_clause() -> None:
    # the local list starts at the second clause and leaves out the third
    links = align(_units(["加快农业绿色发展", "壮大绿色环保产业"]), CLAUSES)
    assert [(k.local, k.upstream, k.status) for k in links] == [
        ("u1", "c2", "accepted"), ("u2", "c4", "accepted")]


def test_explicit_clause_reference_decides() -> None:
    unit = Unit("u1", "1.", "", kind="task",
                body="按照《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》第三条要求，做好工作。")
    clauses = [Unit(f"c{i}", f"二、/（{n}）", t, parent="p") for i, (n, t) in
               enumerate([("一", "甲"), ("二", "乙"), ("三", "丙")], 1)]
    links = align([unit], clauses, ["国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见"])
    assert [(k.upstream, k.method, k.status) for k in links] == [("c3", "reference", "accepted")]


def test_unrelated_heading_gets_no_link() -> None:
    assert align(_units(["加强绿色平台合作"]), CLAUSES) == []


@pytest.mark.parametrize("seed", range(40))
def test_the_programme_table_row_at_a_time_equals_the_cell_by_cell_recurrence(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 30, size=2)
    # gains on a coarse grid, so equal sums (ties between paths) are common
    gain = rng.integers(0, 11, size=(n, m)) / 10 - MATCH_MIN
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i, j] = max(best[i - 1, j], best[i, j - 1], best[i - 1, j - 1] + gain[i - 1, j - 1])
    # equal to the last bit: the pairs are read back from the table by equality
    assert np.array_equal(best_sums(gain), best)


def test_one_prepared_upstream_aligns_many_documents_as_each_alone() -> None:
    clauses = [Unit("c1", "（一）", "推进工业绿色升级"), Unit("c2", "（二）", "加快农业绿色发展"),
               Unit("c3", "（三）", "打造绿色物流")]
    first = [Unit("a1", "（一）", "加快农业绿色发展"), Unit("a2", "（二）", "推进工业绿色升级")]
    second = [Unit("b1", "（一）", "打造绿色物流体系")]
    upstream = Upstream(clauses)
    assert [(k.local, k.upstream) for k in upstream.align(first)] == [("a1", "c2"), ("a2", "c1")]
    assert [(k.local, k.upstream) for k in upstream.align(second)] == [("b1", "c3")]
    assert upstream.align(first) == align(first, clauses)
