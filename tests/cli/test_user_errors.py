"""Every user mistake is one sentence on stderr and exit status 1: never a traceback, never an
empty report that reads like an answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policykg.cli import cli

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "chongqing"
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
    (["documents", "--endpoint", " "], "--endpoint is empty; give a value or leave it out"),
    (["documents", "--endpoint", "127.0.0.1:7878/query"],
     "--endpoint '127.0.0.1:7878/query' is not an http:// or https:// URL (for example "
     "http://127.0.0.1:7878/query)"),
    (["documents", "--endpoint", "file:///etc/passwd"],
     "--endpoint 'file:///etc/passwd' is not an http:// or https:// URL (for example "
     "http://127.0.0.1:7878/query)"),
    (["search", "绿色", "--endpoint", "http://127.0.0.1:9/query"],
     "endpoint http://127.0.0.1:9/query failed: [Errno 111] Connection refused"),
    (["build", ""], "PATHS has an empty path; give a file or folder (. for the current one)"),
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


def test_build_mistakes_are_one_sentence_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    qijiang = (CORPUS / "qijiang_2022_proposal_reply.txt").read_bytes()
    (folder / "qijiang.txt").write_bytes(qijiang)
    # a name in another encoding (GBK 江区) is a valid Linux file name but no UTF-8 text
    Path(os.fsdecode(bytes(folder) + b"/\xbd\xad\xc7\xf8.txt")).write_bytes(qijiang + b"\n")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", store])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"error: {folder}/\\xbd\\xad\\xc7\\xf8.txt: the file "
                                              "name is not UTF-8; rename the file")
    assert "qijiang.txt" in result.stdout  # built: 綦发改函〔2022〕140号 and its 4 tasks
    tasks = CliRunner().invoke(cli, ["sparql", "SELECT (COUNT(?t) AS ?n) WHERE { ?t a "
                                     "<https://w3id.org/policykg/ontology#Task> }",
                                     "--store", store, "--format", "csv"])
    assert tasks.stdout == "n\n4\n"
    for args, message in [
        (["--store", ""], "--store has an empty path; give a file or folder (. for the current one)"),
        (["--scheduler", " ", "--store", store], "--scheduler is empty; give a value or leave it out"),
        (["--scheduler", "tcp://127.0.0.1", "--store", store],
         "cannot reach the Dask scheduler at 'tcp://127.0.0.1': missing port number in address "
         "'127.0.0.1'"),
    ]:
        refused = CliRunner().invoke(cli, ["build", str(folder), *args])
        assert (refused.exit_code, refused.stderr) == (1, f"Error: {message}\n"), args


def test_a_real_district_still_answers(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["unassigned", "--district", "石柱县", "--format", "csv",
                                      "--store", corpus_store])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 23  # 石柱县's 23 measures name no agency


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def _free_text(command: click.Command) -> list[click.Parameter]:
    """The parameters that take any text: names, filters, paths, URLs (not flags or choices)."""
    return [p for p in command.params
            if not (isinstance(p, click.Option) and (p.is_flag or p.count))
            and isinstance(p.type, click.types.StringParamType | click.Path)]


# a valid value for every required parameter, so only the one under test is empty
FILLS = {"paths": "{sample}", "files": "{sample}", "upstream": "渝府发〔2021〕31号",
         "docnumber": "永川府办发〔2022〕14号", "gsp_url": "http://127.0.0.1:9/store",
         "text": "绿色", "agency": "区生态环境局", "output": "{tmp}/out.html"}
EMPTY_CASES = [(path, param.name) for path, command in _commands(cli)
               for param in _free_text(command)]


@pytest.mark.parametrize(("path", "name"), EMPTY_CASES, ids=[f"{' '.join(p)} {n}" for p, n in EMPTY_CASES])
def test_every_empty_value_of_every_command_is_one_sentence(corpus_store: str, tmp_path,
                                                            path: tuple, name: str) -> None:
    command = dict(_commands(cli))[path]
    sample = sorted(CORPUS.glob("*.txt"))[0]
    args, options = [*path], []
    for param in command.params:
        value = "" if param.name == name else (param.required and FILLS[param.name])
        if value is False:
            continue
        value = value.format(sample=sample, tmp=tmp_path)
        if isinstance(param, click.Argument):
            args.append(value)
        else:
            options += [param.opts[-1], value]
    if name != "store" and any(p.name == "store" for p in command.params):
        options += ["--store", corpus_store]
    before = set(Path.cwd().iterdir())
    result = CliRunner().invoke(cli, [*args, *options])
    assert result.exit_code in (1, 2), (result.exit_code, result.stdout[:200])
    assert "Traceback" not in result.stderr and not isinstance(result.exception, Exception | None)
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert set(Path.cwd().iterdir()) == before  # '' never meant the current folder
