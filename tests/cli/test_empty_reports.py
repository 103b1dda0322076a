"""An empty answer is one sentence on stderr (exit 0) for table and markdown, not a table of
headers; csv keeps its header and json its [] for the programs that read them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policykg.cli import cli

# every report command, each asked something the samples do not hold (read from the texts):
EMPTY = {
    # co_handler (协办单位) only occurs in 綦江区's proposal reply
    ("tasks", "--agency", "区生态环境局", "--district", "永川区", "--role", "co_handler"):
        "No tasks of 区生态环境局 as co_handler in 永川区.",
    # the 石柱县 measures name no unit (their task table is the absent attachment)
    ("agencies", "--district", "石柱县"): "No agencies in 石柱县.",
    # 6 documents loaded and 7 cited (DESIGN.md §1)
    ("documents", "--offset", "13"): "No documents after row 13.",
    ("targets", "--indicator", "火星基地"): "No targets whose indicator contains '火星基地'.",
    # the 23 measures of 石柱县 have no agency
    ("unassigned", "--district", "石柱县", "--offset", "23"):
        "No tasks without a responsible agency in 石柱县 after row 23.",
    ("search", "火星基地"): "No tasks match '火星基地'.",
    # the 綦江区 reply's handling task and three next steps set no time limit
    ("due", "--district", "綦江区"): "No deadlines in 綦江区.",
    # a reply letter implements no upstream clause
    ("clauses", "綦发改函〔2022〕140号"): "No clause links (accepted) of 綦发改函〔2022〕140号.",
    # 南川府发〔2022〕33号 repeals two documents
    ("sparql", "--name", "repealed", "--offset", "2"): "No rows from the query repealed after row 2.",
    ("sparql", "SELECT ?d WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> '国发〔2099〕1号' }"):
        "The query gave no rows.",
}
# one row before the end, so the offsets above are the real counts
LAST = {("documents", "--offset", "12"), ("unassigned", "--district", "石柱县", "--offset", "22"),
        ("sparql", "--name", "repealed", "--offset", "1")}


def _run(store: str, *args: str):
    result = CliRunner().invoke(cli, [*args, "--store", store])
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("args", list(EMPTY), ids=lambda a: " ".join(a)[:40])
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_an_empty_answer_is_one_sentence(corpus_store: str, args: tuple[str, ...], fmt: str) -> None:
    result = _run(corpus_store, *args, "--format", fmt)
    assert result.stdout == ""
    assert result.stderr == EMPTY[args] + "\n"


@pytest.mark.parametrize("args", sorted(LAST))
def test_one_row_less_is_one_row(corpus_store: str, args: tuple[str, ...]) -> None:
    assert len(json.loads(_run(corpus_store, *args, "--format", "json").stdout)) == 1


@pytest.mark.parametrize("args", [("targets", "--indicator", "火星基地"), ("search", "火星基地"),
                                  ("agencies", "--district", "石柱县")])
def test_machine_formats_keep_their_header_or_empty_list(corpus_store: str,
                                                         args: tuple[str, ...]) -> None:
    header = _run(corpus_store, *args, "--format", "csv").stdout.splitlines()
    assert len(header) == 1 and header[0].startswith(("indicator,", "rank,"))
    assert json.loads(_run(corpus_store, *args, "--format", "json").stdout) == []
