"""`policykg extract` prints the same JSON shape for one file and for many: a list of records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "chongqing"


def test_one_file_and_two_files_give_lists_of_the_same_records() -> None:
    reply, plan = CORPUS / "qijiang_2022_proposal_reply.txt", CORPUS / "yongchuan_2023_energy_saving_plan.txt"
    one = json.loads(CliRunner().invoke(cli, ["extract", str(reply)]).stdout)
    two = json.loads(CliRunner().invoke(cli, ["extract", str(reply), str(plan)]).stdout)
    assert isinstance(one, list) and len(one) == 1 and len(two) == 2
    assert two[0] == one[0]
    assert one[0]["documents"][0]["doc_number"] == "綦发改函〔2022〕140号"
    assert two[1]["documents"][0]["doc_number"] == "永川府发〔2023〕5号"
    assert len(two[1]["documents"][0]["tasks"]) == 43  # DESIGN.md §1: 43 tasks
