"""Upstream clause outlines (graph/clauses.py) and the aligner (graph/alignment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.alignment import Unit, align
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
