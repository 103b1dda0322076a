"""Every user mistake is one sentence on stderr and exit status 1: never a traceback, never an
empty report that reads like an answer."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policykg.cli import cli

# the corpus holds documents of these four districts (DESIGN.md §1), in the graph's name order
DISTRICTS = "南川区、永川区、石柱县、綦江区"
NO_DISTRICT = f"no documents of {{}} in the graph (districts: {DISTRICTS})"


@pytest.mark.parametrize(("args", "message"), [
    (["agencies", "--district", "不存在区"], NO_DISTRICT.format("不存在区")),
    (["tasks", "--agency", "区生态环境局", "--district", "永川"], NO_DISTRICT.format("永川")),
    (["unassigned", "--district", "石柱"], NO_DISTRICT.format("石柱")),
    (["compare", "--indicator", "森林覆盖率", "--district", "火星区"], NO_DISTRICT.format("火星区")),
    (["sparql", "--name", "task-links", "--param", "district=永川县"],
     NO_DISTRICT.format("永川县")),
    (["sparql", "--name", "task-links", "--param", "role=leader"],
     "unknown role 'leader' (roles: lead, co, joint, co_handler)"),
    (["sparql", "--name", "task-links", "--param", "1x=2"],
     "--param name '1x' is not a SPARQL variable name (letters, digits and _, not starting "
     "with a digit)"),
    (["sparql", "SELECT ?a WHERE { ?a ?b ?c }", "--param", "a b=c"],
     "--param name 'a b' is not a SPARQL variable name (letters, digits and _, not starting "
     "with a digit)"),
    (["sparql", "--name", "task-links", "--param", "district="],
     "--param district= has an empty value"),
    (["targets", "--indicator", ""], "--indicator is empty; give a value or leave it out"),
    (["tasks", "--agency", " "], "--agency is empty; give a value or leave it out"),
    (["unassigned", "--district", ""], "--district is empty; give a value or leave it out"),
    (["compare", "--task-text", ""], "--task-text is empty; give a value or leave it out"),
    (["lineage", ""], "DOCNUMBER is empty; give a value or leave it out"),
    (["sparql", ""], "QUERY is empty; give a value or leave it out"),
    (["tasks", "--agency", "区生态环境局\udcff\udcfe"],
     "--agency is not UTF-8 text (b'\\xe5\\x8c\\xba\\xe7\\x94\\x9f\\xe6\\x80\\x81\\xe7\\x8e"
     "\\xaf\\xe5\\xa2\\x83\\xe5\\xb1\\x80\\xff\\xfe'); check the terminal's or the script's "
     "encoding"),
    (["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"],
     "INSERT is a SPARQL update; the graph is read-only here (use `policykg build` to change it)"),
])
def test_mistakes_are_one_sentence(corpus_store: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--store", corpus_store])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("args", [
    ["viz", "agencies", "--district", "不存在区", "-o", "{tmp}/a.html"],
    ["viz", "agencies", "--agency", "", "-o", "{tmp}/a.html"],
    ["viz", "lineage", "--doc", "", "-o", "{tmp}/a.html"],
])
def test_viz_mistakes_write_nothing(corpus_store: str, tmp_path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*(a.format(tmp=tmp_path) for a in args),
                                      "--store", corpus_store])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_real_district_still_answers(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["unassigned", "--district", "石柱县", "--format", "csv",
                                      "--store", corpus_store])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 23  # 石柱县's 23 measures name no agency
