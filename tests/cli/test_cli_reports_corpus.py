"""The flagship report on the bundled corpus, built with `policykg build` (embedded and served)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

REPO = Path(__file__).resolve().parent.parent.parent
BASE = "https://w3id.org/policykg/"


def tasks_json(*args: str) -> tuple[list[dict], str]:
    result = CliRunner().invoke(cli, ["tasks", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_yongchuan_ecology_bureau_has_60_tasks(corpus_store: str) -> None:
    rows, messages = tasks_json("--agency", "区生态环境局", "--district", "永川区",
                                "--store", corpus_store)
    tasks = {r["task"]: r for r in rows}
    assert len(tasks) == 60 == len(rows)
    assert Counter(r["doc_number"] for r in tasks.values()) == {
        "永川府办发〔2022〕14号": 26, "永川府发〔2023〕5号": 34}
    assert {r["agency"] for r in rows} == {BASE + "agency/永川区/生态环境局"}
    assert "Tasks of 区生态环境局: 1 agency matched" in messages
    assert "60 tasks" in messages and "26 in 永川府办发〔2022〕14号, 34 in 永川府发〔2023〕5号" in messages


def test_without_district_qijiang_co_handles_proposal_024(corpus_store: str) -> None:
    rows, messages = tasks_json("--agency", "区生态环境局", "--store", corpus_store)
    assert "2 agencies matched" in messages
    qijiang = [r for r in rows if r["district"] == "綦江区"]
    assert len(rows) - len(qijiang) == 60
    assert [(r["agency"], r["doc_number"], r["role"]) for r in qijiang] == [
        (BASE + "agency/綦江区/生态环境局", "綦发改函〔2022〕140号", "co_handler")]
    assert "第024号" in qijiang[0]["text"]


def test_full_name_and_table(corpus_store: str) -> None:
    rows, _ = tasks_json("--agency", "重庆市永川区生态环境局", "--store", corpus_store)
    assert len(rows) == 60
    out = CliRunner().invoke(cli, ["tasks", "--agency", "区生态环境局", "--district", "永川区",
                                   "--store", corpus_store]).stdout
    assert out.startswith("Tasks of 区生态环境局: 1 agency matched\n重庆市永川区生态环境局（永川区）: 60 tasks: ")


@pytest.mark.server
def test_the_server_answers_the_60_task_query(corpus_endpoint: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(corpus_endpoint)
    client.setReturnFormat(JSON)
    client.setQuery(
        "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?task) AS ?tasks) WHERE "
        f"{{ ?task pol:responsibleAgency <{BASE}agency/永川区/生态环境局> }}")
    result = client.queryAndConvert()
    assert result["results"]["bindings"][0]["tasks"]["value"] == "60"
    rows, _ = tasks_json("--agency", "区生态环境局", "--district", "永川区",
                         "--endpoint", corpus_endpoint)
    assert len(rows) == 60


def test_clauses_and_coverage_commands(corpus_store: str, tmp_path) -> None:
    import csv as _csv
    import io

    from click.testing import CliRunner

    from policykg.cli import cli

    sssom = tmp_path / "links.sssom.tsv"
    result = CliRunner().invoke(cli, ["clauses", "永川府发〔2023〕5号", "--store", corpus_store,
                                      "--format", "csv", "--sssom", str(sssom)])
    assert result.exit_code == 0, result.output
    rows = list(_csv.DictReader(io.StringIO(result.stdout)))
    # 26 headings, all linked to 国发〔2021〕33号 (via 渝府发〔2022〕39号, which has no outline)
    sections = [r for r in rows if r["unit"] == "section"]
    assert len(sections) == 26
    assert {r["upstream"] for r in rows} == {"国发〔2021〕33号"}
    renamed = next(r for r in rows if r["local_title"] == "成渝地区双城经济圈污染共治工程")
    assert (renamed["upstream_path"], renamed["upstream_title"]) == ("三、（七）", "重点区域污染物减排工程")
    lines = [ln for ln in sssom.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert lines[0].split("\t")[:4] == ["subject_id", "subject_label", "predicate_id", "object_id"]
    assert len(lines) == len(rows) + 1
    result = CliRunner().invoke(cli, ["coverage", "国发〔2021〕4号", "--district", "石柱县",
                                      "--store", corpus_store, "--format", "csv"])
    assert result.exit_code == 0, result.output
    cover = {r["clause"]: r for r in _csv.DictReader(io.StringIO(result.stdout))}
    # 石柱县's 23 measures take up （四）…（二十六）; 工作原则 and 深化国际合作 are not taken up
    assert cover["二、（四）"]["taken_up"] == "yes"
    assert cover["一、（二）"]["taken_up"] == "no"
    assert cover["八、（二十九）"]["taken_up"] == "no"
    result = CliRunner().invoke(cli, ["coverage", "国发〔2099〕1号", "--store", corpus_store])
    assert result.exit_code != 0 and "no clause outline" in result.output


def test_lineage_clauses_and_compare_clause(corpus_store: str) -> None:
    import csv as _csv
    import io

    from click.testing import CliRunner

    from policykg.cli import cli

    result = CliRunner().invoke(cli, ["lineage", "永川府办发〔2022〕14号", "--clauses",
                                      "--store", corpus_store, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [r for r in _csv.DictReader(io.StringIO(result.stdout)) if r["direction"] == "clause"]
    # 6 parts and 23 sections, each linked to its clause of 国发〔2021〕4号
    assert len(rows) == 29
    first = next(r for r in rows if r["section_number"] == "一、（一）")
    assert first["upstream_number"] == "国发〔2021〕4号" and first["text"].startswith("二、（四） 推进工业绿色升级")
    result = CliRunner().invoke(cli, ["compare", "--clause", "推进工业绿色升级", "--store", corpus_store,
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    by_district = {r["district"]: r for r in _csv.DictReader(io.StringIO(result.stdout))}
    # 永川区 （一）推进工业绿色升级 holds tasks 1-8; 石柱县 measure 1 restates it
    assert by_district["永川区"]["tasks"] == "8"
    assert "永川府办发〔2022〕14号 一、（一）" in by_district["永川区"]["sections"]
    assert by_district["石柱县"]["taken_up"] == "yes"


def test_a_report_does_not_load_the_build(corpus_store: str) -> None:
    """A report opens the store without importing the build (rdflib, NumPy, scikit-learn,
    networkx: ~0.5 s of every command before graph/location.py), and still answers."""
    import subprocess
    import sys

    script = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from policykg.cli import cli\n"
        "r = CliRunner().invoke(cli, ['tasks', '--agency', '区生态环境局', '--district', '永川区',"
        f" '--store', {corpus_store!r}, '--format', 'json'])\n"
        "heavy = ['policykg.graph.store', 'rdflib', 'numpy', 'sklearn', 'networkx']\n"
        "print(json.dumps([r.exit_code, len(json.loads(r.stdout)),"
        " [m for m in heavy if m in sys.modules]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout) == [0, 60, []]


def test_clauses_of_one_document_by_status(corpus_store: str) -> None:
    """A document's links of one status are its links of every status filtered (the status is
    not bound beside the document: Oxigraph then started from every link of that status)."""
    def links(status: str) -> list[dict]:
        result = CliRunner().invoke(cli, ["clauses", "南川府发〔2022〕34号", "--status", status,
                                          "--tasks", "--store", corpus_store, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    every = links("all")
    assert {r["document"] for r in every} == {"南川府发〔2022〕34号"}
    for status in ("accepted", "candidate"):
        assert links(status) == [r for r in every if r["status"] == status]
    # its part 三、健全绿色发展支撑体系 (line 136 of the gazette) is among the uncertain ones
    assert ("三、", "健全绿色发展支撑体系") in {
        (r["local_path"], r["local_title"]) for r in links("candidate")}


def test_coverage_shows_the_districts_implementing_the_upstream(corpus_store: str) -> None:
    """Without --district, the districts whose documents implement the upstream (directly or
    through a municipal policy): 国发〔2021〕33号 only through 渝府发〔2022〕39号, which
    永川府发〔2023〕5号 implements; 国发〔2021〕4号 by 永川、石柱、南川 (綦江's reply implements none)."""
    def districts(upstream: str) -> set[str]:
        result = CliRunner().invoke(cli, ["coverage", upstream, "--store", corpus_store,
                                          "--format", "json"])
        assert result.exit_code == 0, result.output
        return {r["district"] for r in json.loads(result.stdout)}

    assert districts("国发〔2021〕33号") == {"永川区"}
    assert districts("国发〔2021〕4号") == {"永川区", "石柱县", "南川区"}
