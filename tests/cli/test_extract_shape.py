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


def test_a_file_name_that_is_not_utf8_gives_valid_json_naming_the_file(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    # a name written in GBK (綦江答复.txt), as files copied from older Windows systems have
    name = "綦江答复".encode("gbk") + b".txt"
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, name), "wb") as out:
        out.write((CORPUS / "qijiang_2022_proposal_reply.txt").read_bytes())
    open(os.path.join(folder, b"\xff\xfe.txt"), "wb").close()  # and one that cannot be read
    run = subprocess.run([sys.executable, "-m", "policykg", "extract", str(tmp_path)],
                         capture_output=True, env={**os.environ, "PYTHONIOENCODING": ""})
    assert run.returncode == 1  # the empty file
    records = json.loads(run.stdout.decode("utf-8"))  # strict: valid UTF-8 throughout
    paths = sorted(os.fsencode(r["source"]["path"]) for r in records)
    assert paths == sorted(os.path.join(folder, n) for n in (name, b"\xff\xfe.txt"))
    read = next(r for r in records if r["documents"])
    assert read["documents"][0]["doc_number"] == "綦发改函〔2022〕140号"
    errors = run.stderr.decode("utf-8").splitlines()
    assert f"error: {tmp_path}/\\xff\\xfe.txt: empty file" in errors
    # the bytes that are UTF-8 (eb bd ad: 뽭) read as text, the others as \xNN; the sample
    # lost its headings 四、五、 (DESIGN.md §1)
    assert (f"warning: {tmp_path}/\\xf4뽭\\xb4\\xf0\\xb8\\xb4.txt: heading numbers lost and "
            "inferred: 四、 五、") in errors
