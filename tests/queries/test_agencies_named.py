"""Finding agencies by a typed name reads only the agencies it can match (pol:nameKey), and
finds what matching against the whole agencies listing finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.store import live_dir
from policykg.loaders.agencies import name_core
from policykg.queries import run_named
from policykg.queries.agency_match import agencies_named, forms, match_agencies
from policykg.queries.reports import tasks_report
from policykg.queries.source import open_source

POL = "https://w3id.org/policykg/ontology#"
YONGCHUAN_ENV = "https://w3id.org/policykg/agency/永川区/生态环境局"


def test_an_agency_s_name_keys_are_its_names_and_their_key(corpus_store: str) -> None:
    source = open_source(Path(corpus_store))
    keys = {str(r["key"]) for r in source.select(
        f"SELECT ?key WHERE {{ <{YONGCHUAN_ENV}> <{POL}nameKey> ?key }}")}
    # its full name, the short form the samples write, and both less the place and level word
    assert keys == {"重庆市永川区生态环境局", "区生态环境局", "生态环境局"}


def test_a_typed_name_reads_the_agencies_it_can_match(corpus_store: str) -> None:
    source = open_source(Path(corpus_store))
    every = run_named(source, "agencies")
    # 区生态环境局 is named in 永川's task lists and in 綦江's reply; no other sample district has one
    named = agencies_named(source, "区生态环境局")
    assert [(r["district"], r["agency_name"]) for r in named] == [
        ("永川区", "重庆市永川区生态环境局"), ("綦江区", "重庆市綦江区生态环境局")]
    assert len(every) > 20 * len(named)
    assert agencies_named(source, "区生态环境局", "綦江区") == [named[1]]
    assert agencies_named(source, "不存在的单位") == []


def test_matching_the_named_agencies_is_matching_the_whole_listing(corpus_store: str) -> None:
    source = open_source(Path(corpus_store))
    every = run_named(source, "agencies")
    typed = set()
    for row in every:
        for form in forms(row):
            key = name_core(form, str(row["district"]))[0]
            typed |= {form, key, f"区{key}", f"县{key}", f"市{key}", f"重庆市{key}"}
    districts = sorted({str(r["district"]) for r in every})
    for name in sorted(typed):
        for district in (None, *districts):
            rows = [r for r in every if district is None or r["district"] == district]
            assert match_agencies(agencies_named(source, name, district), name, district) == \
                match_agencies(rows, name, district), (name, district)


def test_a_store_without_name_keys_still_finds_agencies(corpus_store: str, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(corpus_store, copy, symlinks=True)
    store = ox.Store(str(live_dir(copy)))
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?agency <{POL}nameKey> ?key }} }}")
    store.flush()
    del store
    report = tasks_report(open_source(copy), "区生态环境局", district="永川区")
    # the demo's figures (README): 60 tasks of 永川区's 生态环境局, lead 19, co 21, joint 20
    assert report.notes == ["重庆市永川区生态环境局（永川区）: 60 tasks: lead 19, co 21, joint 20, co_handler 0; "
                            "26 in 永川府办发〔2022〕14号, 34 in 永川府发〔2023〕5号"]
