"""graph.store: named graph per file, reproducible rebuilds, failures keep previous graphs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.graph.iris import Iris
from policykg.graph.location import StoreNotFoundError, live_dir, open_read_only
from policykg.graph.store import FileReport, write_store
from tests.data.graph_build.records import NANCHUAN, QIJIANG, YONGCHUAN

IRIS = Iris()
POL = "https://w3id.org/policykg/ontology#"
PREFIX = f"PREFIX pol: <{POL}> PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"


def dump(store_dir: Path) -> list[str]:
    """Every quad of the live store as sorted N-Quads lines."""
    store = open_read_only(store_dir)
    data = store.dump(format=ox.RdfFormat.N_QUADS).decode()
    return sorted(data.splitlines())


def graph_lines(store_dir: Path, name: str) -> list[str]:
    """The sorted N-Triples of one named graph."""
    store = open_read_only(store_dir)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)).decode()
    return sorted(data.splitlines())


def select(store_dir: Path, query: str) -> list[tuple[str, ...]]:
    store = open_read_only(store_dir)
    rows = store.query(PREFIX + query, use_default_graph_as_union=True)
    return [tuple(term.value for term in row) for row in rows]


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="policykg build"):
        open_read_only(tmp_path / "nothing")


def test_one_named_graph_per_file_plus_reference_entities_and_derived(tmp_path: Path) -> None:
    reports = write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    assert [r.ok for r in reports] == [True, True, True]
    assert reports[1] == FileReport(
        QIJIANG.source.path, documents=1, tasks=1, assignments=3, agencies=3, indicators=0
    )
    names = {g.value for g in open_read_only(tmp_path).named_graphs()}
    assert names == {str(IRIS.source(e.source.path)) for e in (YONGCHUAN, QIJIANG, NANCHUAN)} | {
        str(IRIS.reference_graph),
        str(IRIS.entities_graph),
        str(IRIS.derived_graph),
        str(IRIS.clauses_graph),  # the yongchuan sections link to clauses of 国发〔2021〕4号
    }


def test_lineage_reaches_national_level(tmp_path: Path) -> None:
    write_store([YONGCHUAN], tmp_path)
    rows = select(
        tmp_path,
        """SELECT ?n WHERE { ?d eli:id_local "永川府办发〔2022〕14号" ; pol:implements+ ?u .
                             ?u eli:id_local ?n ; pol:level pol:level_national }""",
    )
    assert rows == [("国发〔2021〕4号",)]
    unresolved = select(tmp_path, "SELECT ?d WHERE { ?d a pol:UnresolvedDocument }")
    assert unresolved == []


def test_derived_counts_and_short_name(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    rows = select(
        tmp_path,
        """SELECT ?a ?t ?l ?c ?h ?d ?s WHERE { ?a pol:taskCount ?t ; pol:leadCount ?l ;
             pol:coCount ?c ; pol:coHandlerCount ?h ; pol:documentCount ?d ; pol:shortName ?s }
           ORDER BY ?a""",
    )
    by_agency = {r[0].rsplit("agency/", 1)[1]: r[1:] for r in rows}
    # 永川区 区生态环境局: co on task 2, lead on task 6; 綦江区 区生态环境局 is another agency
    assert by_agency["永川区/生态环境局"] == ("2", "1", "1", "0", "1", "区生态环境局")
    assert by_agency["綦江区/生态环境局"] == ("1", "0", "0", "1", "1", "区生态环境局")
    assert by_agency["綦江区/发展和改革委员会"][:2] == ("1", "1")


def test_derived_orders_follow_the_names_in_code_point_order(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    docs = select(tmp_path, "SELECT ?n WHERE { ?d pol:documentOrder ?o ; eli:id_local ?n } ORDER BY ?o")
    # 南 U+5357 < 国 U+56FD < 永 U+6C38 < 渝 U+6E1D < 綦 U+7DA6; 〔2021〕33号 before 〔2021〕4号 as
    # strings ("3" < "4"), as SPARQL orders them; 渝府 (府 U+5E9C) before 渝建 (建 U+5EFA)
    assert [d[0] for d in docs] == [
        "南川府发〔2022〕34号", "国发〔2021〕33号", "国发〔2021〕4号", "永川府办发〔2022〕14号",
        "渝府发〔2021〕31号", "渝府发〔2022〕39号", "渝建绿建〔2022〕3号", "綦发改函〔2022〕140号",
    ]
    agencies = select(
        tmp_path,
        "SELECT ?n WHERE { ?a pol:agencyOrder ?o ; pol:agencyName ?n } ORDER BY ?o",
    )
    # agencies without a district first (the national and municipal governments), then by
    # district name and full name: 人 U+4EBA < 生 U+751F < 经 U+7ECF; 住 U+4F4F < 发 U+53D1
    assert [a[0] for a in agencies] == [
        "国务院", "重庆市人民政府", "重庆市南川区人民政府",
        "重庆市永川区人民政府办公室", "重庆市永川区生态环境局", "重庆市永川区经济和信息化委员会",
        "重庆市綦江区住房和城乡建设委员会", "重庆市綦江区发展和改革委员会", "重庆市綦江区生态环境局",
    ]


def test_rebuilding_the_same_corpus_gives_the_same_quads(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    first = dump(tmp_path)
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    assert dump(tmp_path) == first


def test_changing_one_file_replaces_only_its_graph(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    qijiang = str(IRIS.source(QIJIANG.source.path))
    yongchuan = str(IRIS.source(YONGCHUAN.source.path))
    before = graph_lines(tmp_path, qijiang)
    doc = YONGCHUAN.documents[0]
    changed = dataclasses.replace(
        YONGCHUAN, documents=(dataclasses.replace(doc, tasks=doc.tasks[:1]),)
    )
    write_store([changed], tmp_path)
    assert graph_lines(tmp_path, qijiang) == before
    tasks = select(
        tmp_path,
        "SELECT ?t WHERE { ?t a pol:Task ; eli:is_part_of ?d . "
        "?d eli:id_local '永川府办发〔2022〕14号' }",
    )
    assert [t[0].rsplit("/", 1)[1] for t in tasks] == ["2"]
    assert not any("task/6" in line for line in graph_lines(tmp_path, yongchuan))


def test_failed_file_keeps_its_previous_graph(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    yongchuan = str(IRIS.source(YONGCHUAN.source.path))
    before = graph_lines(tmp_path, yongchuan)
    broken = dataclasses.replace(YONGCHUAN, documents=(), errors=("cannot decode: bad bytes",))
    reports = write_store([broken, QIJIANG], tmp_path)
    assert [r.ok for r in reports] == [False, True]
    assert reports[0].errors == ("cannot decode: bad bytes",)
    assert graph_lines(tmp_path, yongchuan) == before


def test_readers_keep_working_across_a_build(tmp_path: Path) -> None:
    write_store([YONGCHUAN], tmp_path)
    reader = open_read_only(tmp_path)
    old = live_dir(tmp_path)
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    assert live_dir(tmp_path) != old
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <" + POL + "Task> }"
    assert next(iter(reader.query(count, use_default_graph_as_union=True)))["n"].value == "2"
    assert select(tmp_path, count) == [("3",)]


def test_only_two_generations_are_kept(tmp_path: Path) -> None:
    for _ in range(4):
        write_store([QIJIANG], tmp_path)
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("gen-") and p.is_dir()]) == 2


def test_records_that_do_not_build_keep_the_previous_graph(tmp_path: Path) -> None:
    write_store([QIJIANG], tmp_path)
    qijiang = str(IRIS.source(QIJIANG.source.path))
    before = graph_lines(tmp_path, qijiang)
    doc = QIJIANG.documents[0]
    task = doc.tasks[0]
    bad = dataclasses.replace(task.assignments[0], role="主办")
    broken = dataclasses.replace(
        QIJIANG,
        documents=(
            dataclasses.replace(doc, tasks=(dataclasses.replace(task, assignments=(bad,)),)),
        ),
    )
    (report,) = write_store([broken], tmp_path)
    assert not report.ok and "主办" in report.errors[0]
    assert graph_lines(tmp_path, qijiang) == before


LABELS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a ?l WHERE { ?a skos:prefLabel ?l }"


def labels(store_dir: Path) -> list[tuple[str, str]]:
    """The ad-hoc query of an analyst over the union: every (subject, label) row, sorted."""
    rows = select(store_dir, LABELS)
    return sorted((a.rsplit("policykg/", 1)[1], label) for a, label in rows)


def test_each_agency_and_district_is_described_once(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    # 永川区 names 区生态环境局 in two tasks and as issuer-side agency; 綦江区 three units
    assert labels(tmp_path) == [
        ("agency/南川区/人民政府", "重庆市南川区人民政府"),
        ("agency/国务院", "国务院"),
        ("agency/永川区/人民政府办公室", "重庆市永川区人民政府办公室"),
        ("agency/永川区/生态环境局", "重庆市永川区生态环境局"),
        ("agency/永川区/经济和信息化委员会", "重庆市永川区经济和信息化委员会"),
        ("agency/綦江区/住房和城乡建设委员会", "重庆市綦江区住房和城乡建设委员会"),
        ("agency/綦江区/发展和改革委员会", "重庆市綦江区发展和改革委员会"),
        ("agency/綦江区/生态环境局", "重庆市綦江区生态环境局"),
        ("agency/重庆市人民政府", "重庆市人民政府"),
        ("district/南川区", "南川区"),
        ("district/永川区", "永川区"),
        ("district/綦江区", "綦江区"),
    ]


def test_rebuilding_one_source_replaces_exactly_its_entity_descriptions(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    doc = QIJIANG.documents[0]
    task = doc.tasks[0]
    lead_only = dataclasses.replace(task, assignments=task.assignments[:1])
    changed = dataclasses.replace(
        QIJIANG, documents=(dataclasses.replace(doc, tasks=(lead_only, *doc.tasks[1:])),)
    )
    write_store([changed], tmp_path)
    found = [a for a, _ in labels(tmp_path) if a.startswith("agency/")]
    # the two 协办单位 of 綦江区 are gone; every 永川区 agency (another source) stays
    assert found == [
        "agency/国务院", "agency/永川区/人民政府办公室", "agency/永川区/生态环境局",
        "agency/永川区/经济和信息化委员会", "agency/綦江区/发展和改革委员会", "agency/重庆市人民政府",
    ]


def test_the_same_file_from_another_folder_is_loaded_once(tmp_path: Path) -> None:
    write_store([YONGCHUAN, QIJIANG], tmp_path)
    moved = dataclasses.replace(
        QIJIANG, source=dataclasses.replace(QIJIANG.source, path="/elsewhere/copy/qijiang.txt")
    )
    write_store([moved], tmp_path)
    graphs = {g.value for g in open_read_only(tmp_path).named_graphs()}
    assert str(IRIS.source(moved.source.path)) in graphs
    assert str(IRIS.source(QIJIANG.source.path)) not in graphs
    assert select(tmp_path, "SELECT (COUNT(*) AS ?n) WHERE { ?t a pol:Task }") == [("3",)]


def test_a_duplicate_within_one_build_is_reported_not_loaded(tmp_path: Path) -> None:
    copy = dataclasses.replace(
        QIJIANG, source=dataclasses.replace(QIJIANG.source, path="other/qijiang_copy.txt")
    )
    reports = write_store([QIJIANG, copy], tmp_path)
    assert reports[1].ok and reports[1].note == f"same content as {QIJIANG.source.path}"
    assert reports[1].tasks == 0
    graphs = {g.value for g in open_read_only(tmp_path).named_graphs()}
    assert str(IRIS.source(copy.source.path)) not in graphs


def test_a_rerun_skips_unchanged_files(tmp_path: Path) -> None:
    from policykg.graph.store import StoreWriter

    write_store([YONGCHUAN, QIJIANG], tmp_path)
    first = dump(tmp_path)
    with StoreWriter(tmp_path) as writer:
        skipped = writer.unchanged(QIJIANG.source.path, QIJIANG.source.sha256)
        assert writer.unchanged(QIJIANG.source.path, "f" * 64) is None  # changed content
        writer.add(YONGCHUAN)
        writer.finish()
    assert skipped is not None and skipped.note == "unchanged"
    assert (skipped.tasks, skipped.assignments) == (1, 3)  # 綦江区: 1 task, lead + 2 协办单位
    assert dump(tmp_path) == first


def test_store_paths_that_cannot_hold_a_store_are_clear_errors(tmp_path: Path) -> None:
    from policykg.graph.location import StorePathError

    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(StorePathError, match="is a file, not a folder"):
        write_store([QIJIANG], a_file)
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StorePathError, match=r"is not a policykg store: it holds holiday\.jpg"):
        write_store([QIJIANG], foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["holiday.jpg"]


def test_a_failing_build_leaves_the_store_exactly_as_before(tmp_path: Path) -> None:
    from policykg.graph.store import StoreWriter

    write_store([YONGCHUAN], tmp_path)
    before, names = dump(tmp_path), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(RuntimeError, match="parser exploded"), StoreWriter(tmp_path) as writer:
        writer.add(QIJIANG)
        raise RuntimeError("parser exploded")
    assert dump(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    write_store([QIJIANG], tmp_path)  # the lock was released


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    write_store([YONGCHUAN], tmp_path)
    live = live_dir(tmp_path)
    debris = tmp_path / f"gen-{int(live.name[4:]) + 1:06d}"
    debris.mkdir()
    (debris / "000001.sst").write_bytes(b"half")
    (tmp_path / f"{debris.name}.manifest").write_bytes(b"half")
    write_store([QIJIANG], tmp_path)
    generations = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-"))
    newest = live_dir(tmp_path).name
    assert generations == sorted([live.name, f"{live.name}.manifest", newest, f"{newest}.manifest"])
    leftover = tmp_path / debris.name / "000001.sst"
    assert not leftover.exists() or leftover.read_bytes() != b"half"


def test_a_bug_building_one_files_triples_is_its_error_and_the_rest_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: an unexpected exception on one file's records leaves the other files built."""
    from policykg.graph import store

    real = store.build_triples

    def build_triples(extraction, *args):
        if extraction is QIJIANG:
            raise KeyError("role")
        return real(extraction, *args)

    monkeypatch.setattr(store, "build_triples", build_triples)
    reports = write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path)
    assert [r.ok for r in reports] == [True, False, True]
    (error,) = reports[1].errors
    assert error.startswith(f"{QIJIANG.source.path}: ") and "KeyError" in error
    names = {g.value for g in open_read_only(tmp_path).named_graphs()}
    assert str(IRIS.source(YONGCHUAN.source.path)) in names
    assert str(IRIS.source(NANCHUAN.source.path)) in names
    assert str(IRIS.source(QIJIANG.source.path)) not in names


def test_a_name_no_iri_can_hold_is_that_files_error_and_the_rest_is_built(tmp_path: Path) -> None:
    """A unit name with U+FFFD (a decoding accident) cannot go into an IRI: one file's error."""
    doc = QIJIANG.documents[0]
    task = doc.tasks[0]
    bad = dataclasses.replace(task.assignments[0], canonical="綦江区\ufffd委员会", key="\ufffd委员会")
    broken = dataclasses.replace(
        QIJIANG,
        documents=(
            dataclasses.replace(doc, tasks=(dataclasses.replace(task, assignments=(bad,)),)),
        ),
    )
    reports = write_store([YONGCHUAN, broken, NANCHUAN], tmp_path)
    assert [r.ok for r in reports] == [True, False, True]
    assert "Invalid IRI code point" in reports[1].errors[0]
    names = {g.value for g in open_read_only(tmp_path).named_graphs()}
    assert str(IRIS.source(QIJIANG.source.path)) not in names
    assert str(IRIS.source(NANCHUAN.source.path)) in names


def test_a_rerun_that_changes_nothing_keeps_the_shared_graphs_and_a_change_rebuilds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.graph import store
    from policykg.graph.store import StoreWriter

    write_store([YONGCHUAN, QIJIANG], tmp_path)
    first = dump(tmp_path)
    computed = []
    real = store.derived_quads
    monkeypatch.setattr(store, "derived_quads",
                        lambda *a, **k: computed.append(1) or real(*a, **k))
    with StoreWriter(tmp_path) as writer:
        assert writer.unchanged(YONGCHUAN.source.path, YONGCHUAN.source.sha256) is not None
        assert writer.unchanged(QIJIANG.source.path, QIJIANG.source.sha256) is not None
        writer.finish()
    assert computed == [] and dump(tmp_path) == first
    # the search index is a file beside the database, which a checkpoint leaves out: it is kept
    from policykg.graph.search_index import INDEX_NAME

    assert (live_dir(tmp_path) / INDEX_NAME).is_file()
    write_store([NANCHUAN], tmp_path)  # a new file: the counts and entities are rebuilt
    assert computed == [1]
    # 南川区 joins the entities, and its one document (南川府发〔2022〕34号) the district counts
    assert ("district/南川区", "南川区") in labels(tmp_path)
    rows = select(tmp_path, "SELECT ?n WHERE { ?d a pol:District ; pol:districtName '南川区'@zh ; "
                            "pol:documentCount ?n }")
    assert rows == [("1",)]


def test_the_same_relative_path_from_two_working_folders_is_two_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2023/通知.txt built from a/ and then from b/: the same words, two files, other content
    store = tmp_path / "store"
    for folder, record in (("a", QIJIANG), ("b", YONGCHUAN)):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        named = dataclasses.replace(record, source=dataclasses.replace(record.source,
                                                                        path="2023/通知.txt"))
        assert write_store([named], store)[0].ok
    graphs = sorted(g.value for g in open_read_only(store).named_graphs() if "/source/" in g.value)
    # the second keeps one more of its folders
    assert graphs == [f"{IRIS.base}source/2023/通知.txt", f"{IRIS.base}source/b/2023/通知.txt"]
    numbers = select(store, "SELECT ?n WHERE { ?d a pol:PolicyDocument ; eli:id_local ?n ; "
                            "pol:taskCount ?c }")
    assert sorted(n for (n,) in numbers) == ["永川府办发〔2022〕14号", "綦发改函〔2022〕140号"]
