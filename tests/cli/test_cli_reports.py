"""The report commands through click's CliRunner, on a store holding the hand-written fixture."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from policykg.cli import cli
from policykg.queries.output import Report, Show, emit
from tests.support.fixture import BASE, fixture_store

REPO = Path(__file__).resolve().parent.parent.parent
REPORT_COMMANDS = ("tasks", "agencies", "documents", "lineage", "targets", "unassigned",
                   "queries", "sparql", "serve")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(fixture_store(tmp_path_factory.mktemp("cli") / "store").resolve())


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def run_json(*args: str) -> list[dict]:
    return json.loads(run(*args, "--format", "json").stdout)


def test_tasks_by_short_name_covers_every_district(store: str) -> None:
    result = run("tasks", "--agency", "区生态环境局", "--store", store, "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["district"], r["doc_number"], r["task_number"], r["role"], r["basis"])
            for r in rows] == [
        ("永川区", "永川府办发〔2022〕14号", "1", "co", "listing_order"),
        ("永川区", "永川府办发〔2022〕14号", "2", "lead", "listing_order"),
        ("永川区", "永川府发〔2023〕5号", "1.", "joint", "explicit"),
        ("永川区", "永川府发〔2023〕5号", "2.", "lead", "explicit"),
        ("綦江区", "綦发改函〔2022〕140号", "1", "co_handler", "explicit"),
    ]
    assert rows[0]["text"] == "开展重点行业清洁生产审核。"
    assert rows[4]["agency"] == BASE + "agency/綦江区/生态环境局"
    assert "Tasks of 区生态环境局: 2 agencies matched" in result.stderr
    assert ("重庆市永川区生态环境局（永川区）: 4 tasks: lead 2, co 1, joint 1, co_handler 0; "
            "2 in 永川府办发〔2022〕14号, 2 in 永川府发〔2023〕5号") in result.stderr


@pytest.mark.parametrize("name", ["重庆市永川区生态环境局", "永川区生态环境局", "生态环境局"])
def test_tasks_by_full_or_bare_name_with_district(store: str, name: str) -> None:
    rows = run_json("tasks", "--agency", name, "--district", "永川区", "--store", store)
    assert len(rows) == 4 and {r["agency_name"] for r in rows} == {"重庆市永川区生态环境局"}


def test_tasks_by_alias_and_role(store: str) -> None:
    rows = run_json("tasks", "--agency", "区国资管理中心", "--store", store)
    assert [(r["agency_name"], r["task_number"]) for r in rows] == [
        ("重庆市永川区国有资产管理中心", "2"), ("重庆市永川区国有资产管理中心", "4")]
    result = run("tasks", "--agency", "区生态环境局", "--role", "lead", "--store", store,
                 "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["doc_number"], r["task_number"], r["role"]) for r in table] == [
        ("永川府办发〔2022〕14号", "2", "lead"), ("永川府发〔2023〕5号", "2.", "lead")]


def test_tasks_table_has_totals_and_aligned_chinese(store: str) -> None:
    out = run("tasks", "--agency", "区生态环境局", "--store", store).stdout
    assert "Tasks of 区生态环境局: 2 agencies matched" in out
    assert "1 task: lead 0, co 0, joint 0, co_handler 1; 1 in 綦发改函〔2022〕140号" in out
    assert "lead (listing order)" in out and "co_handler (explicit)" in out
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│├└"]
    # the task named by its path: section 一、 → （一） → task 2 (numbers restart per section)
    assert table and "│ 永川府办发〔2022〕14号 │ 一（一）2 │ （一）推进工业绿色升级" in out
    first_table = table[: 1 + next(i for i, line in enumerate(table) if line.startswith("└"))]
    assert len({cell_len(line) for line in first_table}) == 1  # every row the same width


def test_unknown_agency_suggests_the_closest(store: str) -> None:
    result = run("tasks", "--agency", "区生态环保局", "--store", store, code=1)
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Error: no agency named '区生态环保局'; closest: "
        "重庆市永川区生态环境局（永川区）、重庆市綦江区生态环境局（綦江区）")


def test_agencies_ranking_with_centrality(store: str) -> None:
    rows = run_json("agencies", "--store", store, "--top", "2")
    assert [(r["rank"], r["agency_name"], r["tasks"], r["lead"], r["documents"]) for r in rows] == [
        (1, "重庆市永川区生态环境局", 4, 2, 2), (2, "重庆市綦江区发展和改革委员会", 2, 2, 1)]
    # 9 agencies have tasks; 永川区生态环境局 shares tasks with 5 of the 8 others
    assert rows[0]["degree"] == 0.625 and rows[0]["betweenness"] > 0
    assert rows[1]["degree"] == 0.25 and rows[1]["betweenness"] == 0
    綦江 = run_json("agencies", "--district", "綦江区", "--store", store)
    assert 綦江[0]["agency_name"] == "重庆市綦江区发展和改革委员会"
    assert all(r["degree"] == 1.0 for r in 綦江)


def test_documents_csv_is_complete(store: str) -> None:
    result = run("documents", "--store", store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["doc_number"] for r in rows] == [
        "永川府办发〔2022〕14号", "綦发改函〔2022〕140号", "永川府发〔2023〕5号", "渝府发〔2021〕31号",
        "国发〔2021〕4号", "永川府办发〔2016〕72号", "渝建绿建〔2022〕3号"]
    assert rows[0]["type"] == "通知" and rows[0]["task_count"] == "4" and rows[0]["date"] == "2022-02-16"
    assert rows[4]["level"] == "national" and rows[4]["status"] == "reference"
    assert "3 loaded, 2 reference, 2 unresolved" in result.stderr


def test_lineage_tree_up_to_national_and_down_to_tasks(store: str) -> None:
    out = run("lineage", "永川府办发[2022]14号", "--store", store).stdout
    assert "Lineage of 永川府办发〔2022〕14号: 2 upstream, 0 implementing, 4 tasks" in out
    assert "│       └── ↑ 国发〔2021〕4号 国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见 [national]" in out
    # the task named by its path: item 4 of （二） under 一、 (numbering restarts per section)
    assert "    └── 一（二）4 到2025年，畜禽粪污资源化利用率达到90%以上。" in out
    rows = run_json("lineage", "国发〔2021〕4号", "--store", store)
    assert [(r["direction"], r["doc_number"], r["upstream_number"]) for r in rows
            if r["direction"] != "task"] == [
        ("down", "永川府办发〔2022〕14号", "国发〔2021〕4号"),
        ("down", "渝府发〔2021〕31号", "国发〔2021〕4号"),
        ("down", "永川府办发〔2022〕14号", "渝府发〔2021〕31号"),
        ("down", "永川府发〔2023〕5号", "渝府发〔2021〕31号")]
    assert [r["task_number"] for r in rows if r["direction"] == "task"] == ["1", "2", "3", "4",
                                                                           "1.", "2."]
    assert [r["path"] for r in rows if r["direction"] == "task"] == [
        "一（一）1", "一（一）2", "一（二）3", "一（二）4", "（一）1", "（一）2"]


def test_lineage_of_unknown_document(store: str) -> None:
    result = run("lineage", "国发〔2021〕5号", "--store", store, code=1)
    assert result.stderr.startswith("Error: no document '国发〔2021〕5号' in the graph; closest: 国发〔2021〕4号")


def test_targets_and_unassigned(store: str) -> None:
    rows = run_json("targets", "--indicator", "粪污", "--store", store)
    assert [(r["indicator"], r["value"], r["unit"], r["year"], r["comparator"], r["district"])
            for r in rows] == [("畜禽粪污资源化利用率", 90.0, "%", 2025, "≥", "永川区")]
    assert "indicator_contains" not in rows[0]
    out = run("unassigned", "--store", store, "--format", "markdown").stdout
    assert "| 永川区 | 永川府办发〔2022〕14号 | 一（二）3 | （二）加快农业绿色发展 | 全区各相关部门 | 倡导绿色低碳生活方式。 |" in out
    assert run_json("unassigned", "--district", "綦江区", "--store", store) == []


def test_queries_lists_the_folder() -> None:
    rows = run_json("queries")
    names = [r["name"] for r in rows]
    assert names == sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    task_links = rows[names.index("task-links")]
    assert task_links["params"] == "agency (iri, optional), district (zh, optional), role (string, optional)"


def test_sparql_named_adhoc_and_file(store: str, tmp_path: Path) -> None:
    rows = run_json("sparql", "--name", "task-links", "--param",
                    f"agency={BASE}agency/綦江区/生态环境局", "--store", store)
    assert [(r["task_number"], r["role"]) for r in rows] == [("1", "co_handler")]
    query = ("PREFIX pol: <https://w3id.org/policykg/ontology#> SELECT ?task ?text ?word WHERE "
             "{ ?task pol:text ?text FILTER(CONTAINS(?text, ?word)) } ORDER BY ?task")
    rows = run_json("sparql", query, "--param", "word=绿色建材", "--store", store)
    assert rows == [{"task": BASE + "doc/永川府发-2023-5/task/1",
                     "text": "推动建筑领域节能降碳，推广绿色建材。", "word": "绿色建材"}]
    path = tmp_path / "q.rq"
    path.write_text(query, encoding="utf-8")
    assert run_json("sparql", str(path), "--param", "word=绿色建材", "--store", store) == rows


@pytest.mark.parametrize(("args", "message"), [
    (("sparql",), "Error: give a SPARQL query, a .rq file or --name NAME"),
    (("sparql", "--name", "task-links", "--param", "agency"), "Error: --param expects NAME=VALUE"),
    (("sparql", "SELECT * WHERE { ?s ?p }"), "Error: query failed"),
    (("sparql", "--name", "lineage-up"), "Error: query 'lineage-up' needs parameter(s): start"),
    (("sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--param", "x=1"),
     "Error: query failed: the query has no variable ?x to bind"),
])
def test_sparql_user_errors(store: str, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--store", store, code=1)
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_store_is_one_sentence(tmp_path: Path) -> None:
    result = run("documents", "--store", str(tmp_path / "nothing"), code=1)
    assert result.stderr.strip() == (f"Error: no store in {tmp_path / 'nothing'}; "
                                     "run `policykg build` first")


def test_unreachable_endpoint_is_one_sentence() -> None:
    result = run("documents", "--endpoint", "http://127.0.0.1:9/query", code=1)
    assert result.stderr.startswith("Error: endpoint http://127.0.0.1:9/query failed")


def test_long_text_wraps_within_the_width() -> None:
    long = "推进工业固体废物综合利用，" * 30
    out = io.StringIO()
    emit(Report([{"n": "1", "text": long}], show=[Show("no.", "n"), Show("task", "text", wrap=True)]),
         "table", out=out)
    lines = out.getvalue().splitlines()
    assert len(lines) > 6 and max(cell_len(line) for line in lines) <= 140
    assert "".join(line.strip("│ ┃┏┓┗┛┡┩└┘─━┳┻╇┼") for line in lines).count("综合利用") >= 25


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.stdout.startswith(f"Usage: cli {command}") or "Usage:" in result.stdout
    assert run(command, "-h").stdout == result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"policykg {command}" in readme


@pytest.mark.parametrize("command", ["tasks", "agencies", "documents", "lineage", "targets",
                                     "unassigned", "sparql"])
def test_graph_commands_take_store_endpoint_and_format(command: str) -> None:
    help_text = run(command, "--help").stdout
    assert all(o in help_text for o in ("--store", "--endpoint", "--format"))


def test_sparql_binds_a_variable_outside_the_projection(store: str) -> None:
    # a VALUES block binds any variable of the WHERE group, projected or not (standard SPARQL)
    query = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> "
             "SELECT ?doc WHERE { ?doc eli:id_local ?number }")
    rows = run_json("sparql", query, "--param", "number=永川府发〔2023〕5号", "--store", store)
    assert rows == [{"doc": "https://w3id.org/policykg/doc/永川府发-2023-5"}]
