"""Score extraction of the real-world development set against the hand-written gold files.

The gold (tests/data/realworld/<stem>.expected.json) lists, for each item of a text that carries a
responsibility statement, its number as written, the start of its text as written and its
[agency, role] pairs, read by hand. Scoring counts every extracted (task, agency, role) triple:

- **Tasks are aligned** one to one, gold in document order. Pass 1: an extracted task whose
  normalised text holds the gold ``text_start`` within its first characters (``TEXT_SLACK`` more
  than the start's length, so a kept label or number does not break it); among several, the first
  whose number equals the gold number, else the first in order. Pass 2, for gold tasks still
  unaligned: the first extracted task with the same non-empty normalised number. A gold task of
  kind ``proposal_handling`` (no text of its own) aligns with an extracted task of that kind.
- **Agencies match** after ``norm_agency`` (OpenCC t2s, NFKC, whitespace and brackets removed) if
  the extracted name as written or its canonical name equals the gold name, or one of them ends
  with the gold name after a place prefix (the gold starts with a level word 省市区县…, or the
  prefix ends with one): 重庆市巴南区生态环境局 matches 区生态环境局.
- Per aligned task, extracted assignments are matched greedily to gold ones with the same role
  (true positives); the rest are false positives and unmatched gold are false negatives. Every
  assignment of an unaligned extracted task is a false positive; of an unaligned gold task, a false
  negative. The agency-only score does the same ignoring the role.
- A file is refused when its extraction has errors and no document.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from policykg.loaders.records import Extraction, Task

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "realworld"
CORPUS_DIR = ROOT / "data" / "corpus" / "realworld"
TEXT_SLACK = 20
LEVEL_WORDS = "省市区县州盟旗镇乡"
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
_NUMERAL = re.compile(r"[0-9〇零一二三四五六七八九十百两]+")


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters converted to simplified ones (OpenCC t2s)."""
    return _t2s().convert(text)


def norm_text(text: str) -> str:
    """Text reduced to letters and digits: simplified, NFKC, inline pinyin dropped.

    >>> norm_text("完善實驗室建設體(tǐ)系。（牽頭單位")
    '完善实验室建设体系牵头单位'
    """
    text = unicodedata.normalize("NFKC", simplified(_PINYIN.sub("", text)))
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def norm_number(number: str | None) -> str:
    """A task number's numerals only: '(一)', '一、' and '一是' all give '一'; '1．' gives '1'."""
    found = _NUMERAL.search(unicodedata.normalize("NFKC", number or ""))
    return found.group() if found else ""


def norm_agency(name: str) -> str:
    """An agency name compared: simplified, NFKC, without whitespace or brackets.

    >>> norm_agency("各街办（新区） ")
    '各街办新区'
    """
    text = unicodedata.normalize("NFKC", simplified(name))
    return re.sub(r"[\s()\[\]{}〔〕【】<>《》「」]", "", text)


def agency_matches(gold: str, written: str, canonical: str) -> bool:
    """Whether an extracted unit (as written, canonical) is the gold unit (both normalised)."""
    for name in (written, canonical):
        if name == gold:
            return True
        if name.endswith(gold) and len(name) > len(gold):
            prefix = name[: -len(gold)]
            if gold[0] in LEVEL_WORDS or prefix[-1] in LEVEL_WORDS:
                return True
    return False


@dataclass
class Count:
    """True positives, false positives and false negatives, with the ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Count) -> None:
        """Add another count into this one."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was extracted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FileScore:
    """One file's scores, with what was missed and what was extracted wrongly."""

    name: str
    triples: Count = field(default_factory=Count)
    agencies: Count = field(default_factory=Count)
    refused: bool = False
    errors: tuple[str, ...] = ()
    misses: list[str] = field(default_factory=list)  # gold triples not extracted
    extras: list[str] = field(default_factory=list)  # extracted triples not in the gold
    doc_numbers: tuple[str, ...] = ()


def gold_files(gold_dir: Path = GOLD_DIR) -> list[Path]:
    """The gold files, sorted."""
    return sorted(gold_dir.glob("*.expected.json"))


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file as a dict."""
    return json.loads(path.read_text(encoding="utf-8"))


def _text_matches(start: str, task: Task) -> bool:
    text = norm_text(task.text)
    return start in text[: len(start) + TEXT_SLACK]


def align(gold_tasks: list[dict[str, Any]], tasks: list[Task]) -> dict[int, int]:
    """Gold task index → extracted task index, one to one (rule in the module docstring)."""
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for g, want in enumerate(gold_tasks):
        if want.get("kind") == "proposal_handling":
            found = [
                i for i, t in enumerate(tasks) if t.kind == "proposal_handling" and i not in taken
            ]
        elif want.get("text_start"):
            start = norm_text(want["text_start"])
            found = [i for i, t in enumerate(tasks) if i not in taken and _text_matches(start, t)]
            number = norm_number(want.get("number"))
            found = [i for i in found if norm_number(tasks[i].number) == number] or found
        else:
            found = []
        if found:
            pairs[g] = found[0]
            taken.add(found[0])
    for g, want in enumerate(gold_tasks):
        number = norm_number(want.get("number"))
        if g in pairs or not number or want.get("kind") == "proposal_handling":
            continue
        found = [
            i for i, t in enumerate(tasks) if i not in taken and norm_number(t.number) == number
        ]
        if found:
            pairs[g] = found[0]
            taken.add(found[0])
    return pairs


def _match(
    want: list[tuple[str, str]], got: list[tuple[str, str, str]], by_role: bool
) -> tuple[Count, list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Greedy matching of one task's gold (name, role) pairs to extracted (written, canonical, role)."""
    left = list(want)
    extras = []
    count = Count()
    for written, canonical, role in got:
        hit = next(
            (
                k
                for k, (name, gold_role) in enumerate(left)
                if (not by_role or role == gold_role) and agency_matches(name, written, canonical)
            ),
            None,
        )
        if hit is None:
            count.fp += 1
            extras.append((written, canonical, role))
        else:
            count.tp += 1
            left.pop(hit)
    count.fn = len(left)
    return count, left, extras


def score_file(gold: dict[str, Any], extraction: Extraction) -> FileScore:
    """Score one extraction against its gold."""
    score = FileScore(name=gold["file"], errors=tuple(extraction.errors))
    score.refused = bool(extraction.errors) and not extraction.documents
    score.doc_numbers = tuple(d.doc_number for d in extraction.documents if d.doc_number)
    tasks = [t for d in extraction.documents for t in d.tasks]
    gold_tasks = gold["tasks"]
    pairs = align(gold_tasks, tasks)
    aligned = set(pairs.values())
    for g, want in enumerate(gold_tasks):
        pairs_want = [(norm_agency(a), r) for a, r in want["assignments"]]
        task = tasks[pairs[g]] if g in pairs else None
        got = [
            (norm_agency(a.agency), norm_agency(a.canonical), a.role)
            for a in (task.assignments if task else ())
        ]
        label = f"{want.get('number') or want.get('kind')} «{(want.get('text_start') or '')[:8]}»"
        count, missed, extra = _match(pairs_want, got, by_role=True)
        score.triples.add(count)
        score.agencies.add(_match(pairs_want, got, by_role=False)[0])
        score.misses += [f"{label}: {name} {role}" for name, role in missed]
        score.extras += [f"{label}: {w} ({c}) {r}" for w, c, r in extra]
    for i, task in enumerate(tasks):
        if i in aligned or not task.assignments:
            continue
        n = len(task.assignments)
        score.triples.fp += n
        score.agencies.fp += n
        score.extras += [
            f"unaligned {task.number} «{task.text[:8]}»: {a.agency} {a.role}"
            for a in task.assignments
        ]
    return score


def score_corpus(
    extract: Callable[[Iterable[Path]], Iterable[Extraction]] | None = None,
    gold_dir: Path = GOLD_DIR,
    corpus_dir: Path = CORPUS_DIR,
) -> tuple[list[FileScore], Count, Count]:
    """Every gold file scored: per-file scores, overall triple and agency-only counts (micro)."""
    if extract is None:
        from policykg.loaders import extract_paths as extract
    golds = [load_gold(p) for p in gold_files(gold_dir)]
    extractions = extract([corpus_dir / g["file"] for g in golds])
    scores = [score_file(g, e) for g, e in zip(golds, extractions, strict=True)]
    triples, agencies = Count(), Count()
    for s in scores:
        triples.add(s.triples)
        agencies.add(s.agencies)
    return scores, triples, agencies
