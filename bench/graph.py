"""Benchmark of the graph store on a synthetic corpus shaped like the real one (not a test).

    .venv/bin/python bench/graph.py            # ~100k and ~1M triples
    .venv/bin/python bench/graph.py --5m       # and ~5M triples (slow: rdflib needs minutes)
    .venv/bin/python bench/graph.py --bulk-compare 5000000   # policykg build against bulk_load

For each size, every backend runs in its own process (so peak memory is its own) on the same
records: build (records → store), N-Triples load, Turtle export and the core query patterns
(tasks of one agency; workload GROUP BY; lineage property path). Backends:

  policykg   the chosen store: graph.store (pyoxigraph on disk, generations, derived counts)
  pyoxigraph raw pyoxigraph on disk, the same quads, no policykg layer
  oxrdflib   rdflib Dataset over oxrdflib's Oxigraph store on disk
  rdflib     rdflib's default in-memory Dataset
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph, URIRef  # noqa: E402

from policykg.graph.build import build_graph  # noqa: E402
from policykg.graph.iris import Iris  # noqa: E402
from policykg.graph.reference import catalog_of_graph, reference_graph  # noqa: E402
from policykg.loaders.records import (  # noqa: E402
    Assignment,
    Deadline,
    DocNumber,
    Document,
    Extraction,
    Section,
    Source,
    Target,
    Task,
)

TRIPLES_PER_TASK = 44  # measured on the generator below; sizes are approximate
# The first districts are real Chongqing ones; more are made up as the corpus grows (see
# district_names): a province has ~100 districts and counties, the country ~2,800.
DISTRICTS = ["永川区", "綦江区", "南川区", "江津区", "合川区", "大足区", "荣昌区", "璧山区"]
DOCS_PER_DISTRICT = 12  # implementation documents of one district (a real district issues tens)
AGENCIES_PER_DISTRICT = (30, 60)  # departments, party organs, vertical units … of one district
AGENCIES = (
    "生态环境局 发展和改革委员会 经济和信息化委员会 住房和城乡建设委员会 市场监督管理局 商务委员会 "
    "农业农村委员会 交通局 城市管理局 财政局 机关事务管理中心 能源局 科学技术局 税务局 水利局 "
    "规划和自然资源局 教育委员会 卫生健康委员会 应急管理局 统计局 大数据发展局 林业局 公安局 "
    "文化和旅游发展委员会 人力资源和社会保障局 国有资产管理中心 民政局 司法局 审计局 医疗保障局 "
    "退役军人事务局 体育局 档案馆 信访办公室 政务服务管理办公室 供销合作社 总工会 妇女联合会 "
    "科学技术协会 残疾人联合会 工商业联合会 委宣传部 委组织部 委统战部 委政法委员会 纪委监委 "
    "人民法院 人民检察院 融媒体中心 消防救援支队 气象局 邮政管理局 金融发展服务中心 "
    "招商投资促进局 乡村振兴局 移民事务中心 市政设施管理中心 城市建设投资集团 经济技术开发区管委会 "
    "高新技术产业开发区管委会"
).split()
_NAME_CHARS = "安平宁和丰泰兴城山河阳明德昌华清元景新东西南北中云石长乐川水江湖岭溪桥源金玉永宝福庆广康嘉武文怀仁义龙凤桃柳松林青白黄红台陵洲浦湾峰岗"  # 4,422 two-character names
DEADLINES = (Deadline("by", "2025", "2025年底前"), Deadline("by", "2024-06", "2024年6月底前"),
             Deadline("during", "2025", "2023—2025年", start="2023"),
             Deadline("ongoing", None, "长期坚持"))
UPSTREAM = ["国发〔2021〕4号", "渝府发〔2021〕31号", "国发〔2021〕33号", "渝府发〔2022〕39号"]
PHRASES = (
    "推进重点行业绿色化改造 加快建设资源综合利用项目 深化散乱污企业整治 推广合同能源管理 "
    "开展清洁生产审核 推动再制造产业发展 建设绿色制造体系 完善再生资源回收网络 "
    "提升工业固体废物综合利用能力 推进城镇污水管网建设"
).split()

PREFIX = (
    "PREFIX pol: <https://w3id.org/policykg/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
)
AGENCY = "https://w3id.org/policykg/agency/永川区/生态环境局"
QUERIES = {
    "tasks of one agency": PREFIX
    + f"SELECT ?t ?text WHERE {{ ?t pol:responsibleAgency <{AGENCY}> ; pol:text ?text }}",
    # The workload per agency as an analyst writes it over the model's role shortcuts
    # (pol:leadAgency ⊑ pol:responsibleAgency, …): one GROUP BY, no precomputed counts.
    "workload GROUP BY": PREFIX
    + """SELECT ?agency (COUNT(DISTINCT ?t) AS ?tasks) (SUM(?l) AS ?leads) (SUM(?c) AS ?cos)
       WHERE {
         { ?t pol:leadAgency ?agency BIND(1 AS ?l) BIND(0 AS ?c) }
         UNION { ?t pol:coAgency ?agency BIND(0 AS ?l) BIND(1 AS ?c) }
         UNION { ?t pol:jointAgency ?agency BIND(0 AS ?l) BIND(0 AS ?c) }
         UNION { ?t pol:coHandler ?agency BIND(0 AS ?l) BIND(0 AS ?c) } }
       GROUP BY ?agency ORDER BY DESC(?tasks) ?agency""",
    # The same counts through the qualified assignments (three joined patterns per link).
    "workload GROUP BY, assignments": PREFIX
    + """SELECT ?agency (COUNT(DISTINCT ?t) AS ?tasks)
       (SUM(IF(?role = pol:role_lead, 1, 0)) AS ?leads)
       (SUM(IF(?role = pol:role_co, 1, 0)) AS ?cos) WHERE {
         ?t prov:qualifiedAssociation ?a . ?a prov:agent ?agency ; prov:hadRole ?role }
       GROUP BY ?agency ORDER BY DESC(?tasks) ?agency""",
    "lineage path": PREFIX
    + "SELECT ?up WHERE { <https://w3id.org/policykg/doc/永川府发-2024-5> pol:implements+ ?up }",
}
MATERIALISED = PREFIX + "SELECT ?a ?n WHERE { ?a pol:taskCount ?n } ORDER BY DESC(?n)"


def district_names(count: int) -> list[str]:
    """``count`` district names: the real ones first, then made-up two-character ones (the
    first two characters name the 代字, so they never repeat).

    >>> district_names(10)[7:]
    ['璧山区', '安平县', '安宁区']
    """
    names = DISTRICTS[:count]
    prefixes = {name[:2] for name in names}
    for first in _NAME_CHARS:
        for second in _NAME_CHARS:
            if len(names) >= count:
                return names
            if first != second and first + second not in prefixes:
                prefixes.add(first + second)
                names.append(first + second + "县区"[len(names) % 2])
    if len(names) < count:
        raise ValueError(f"no more than {len(names)} district names")
    return names


def district_agencies(district: str, seed: int) -> list[str]:
    """The agencies of one district: 生态环境局 and 29–59 others, a different set per district."""
    rng = Random(f"{seed}-{district}")
    return [AGENCIES[0], *rng.sample(AGENCIES[1:], rng.randint(*AGENCIES_PER_DISTRICT) - 1)]


def synthetic(tasks: int, seed: int = 7) -> Iterator[Extraction]:
    """Files of one document each (60 tasks, 1–5 agencies per task), like the real corpus.

    Districts grow with the corpus (DOCS_PER_DISTRICT documents each, 30–60 agencies), so that
    an agency's share of the links stays what it is in a real province: ~32 districts at 1M
    triples, ~160 at 5M, ~1,600 at 50M. Generated one at a time (50M triples of records would
    not fit in memory), each with its own content hash: the build loads a file whose hash it has
    already seen only once.
    """
    rng = Random(seed)
    per_doc = 60
    documents = (tasks + per_doc - 1) // per_doc
    districts = district_names(max(1, -(-documents // DOCS_PER_DISTRICT)))
    agencies = {d: district_agencies(d, seed) for d in districts}
    for n in range(documents):
        district = districts[n % len(districts)]
        daizi = f"{district[:2]}府发"
        serial = n // len(districts) + 1
        number = DocNumber(daizi, 2024, serial)
        earlier = f"{daizi}〔2024〕{serial - 1}号" if serial > 1 else rng.choice(UPSTREAM)
        sections = tuple(Section(str(s), f"（{s}）", f"第{s}部分") for s in range(1, 7))
        doc_tasks = []
        for t in range(1, per_doc + 1):
            chosen = rng.sample(agencies[district], rng.randint(1, 5))
            roles = ["lead"] + ["co"] * (len(chosen) - 1)
            if len(chosen) > 1 and rng.random() < 0.3:
                roles = ["joint"] * len(chosen)
            assignments = tuple(
                Assignment(
                    f"区{a}",
                    f"重庆市{district}{a}",
                    role,
                    "explicit" if i else "listing_order",
                    line=10 + t * 3,
                    key=a,
                    district=district,
                )
                for i, (a, role) in enumerate(zip(chosen, roles, strict=True))
            )
            targets = (
                (Target("综合利用率", rng.randint(50, 99), "%", 2025, "≥"),)
                if rng.random() < 0.1
                else ()
            )
            # real plans leave a few tasks to 各镇街 or 有关单位 alone, and date some (完成时限)
            if rng.random() < 0.05:
                assignments = ()
            deadline = rng.choice(DEADLINES) if rng.random() < 0.15 else None
            doc_tasks.append(
                Task(
                    str(t),
                    str(t),
                    str((t - 1) // 10 + 1),
                    "，".join(rng.sample(PHRASES, 3)) + "。",
                    (10 + t * 3, 12 + t * 3),
                    assignments,
                    ("有关单位",) if rng.random() < 0.2 or not assignments else (),
                    targets,
                    deadline=deadline,
                )
            )
        document = Document(
            number.text,
            number,
            f"关于印发{district}第{serial}号实施方案的通知",
            "通知",
            f"重庆市{district}人民政府",
            district,
            f"2024-01-{serial % 28 + 1:02d}",
            implements=(earlier,),
            sections=sections,
            tasks=tuple(doc_tasks),
        )
        path = f"synthetic/{district}/{serial}.txt"
        source = Source(path, hashlib.sha256(path.encode()).hexdigest(), "utf-8", "plan")
        yield Extraction(source, (document,))


def rss_bytes() -> int:
    """Resident memory now (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def timed(func: Callable[[], Any], repeat: int = 3) -> float:
    """Median seconds of ``repeat`` runs after one warm-up (one run if a run takes over 5 s)."""
    return timed_with_answer(func, repeat)[0]


def timed_with_answer(func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Like ``timed``, also returning what the last run returned."""
    start = time.perf_counter()
    answer = func()
    first = time.perf_counter() - start
    if first > 5:
        return first, answer
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        answer = func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), answer


def fingerprint(rows: list[Any]) -> str:
    """Row count and a digest of the sorted lexical values, equal across backends."""
    values = sorted(
        "\t".join("" if term is None else str(getattr(term, "value", term)) for term in row)
        for row in rows
    )
    digest = hashlib.md5("\n".join(values).encode()).hexdigest()[:8]
    return f"{len(values)} rows, {digest}"


def time_queries(
    run: Callable[[str], list[Any]],
    queries: dict[str, str],
    result: dict[str, Any],
    repeat: int = 3,
) -> None:
    """Time each query into ``result`` and keep the fingerprint of its answer."""
    answers = result.setdefault("answers", {})
    for name, query in queries.items():
        result[name], rows = timed_with_answer(lambda q=query: run(q), repeat)
        answers[name] = fingerprint(rows)


def quads_of(extractions: Iterable[Extraction]) -> Iterator[tuple[URIRef, Graph]]:
    """The built rdflib graphs with their named-graph IRIs (the reference graph first)."""
    iris = Iris()
    reference = reference_graph()
    catalog = catalog_of_graph(reference)
    yield iris.reference_graph, reference
    for extraction in extractions:
        yield iris.source(extraction.source.path), build_graph(extraction, catalog)


# --- workers (each runs in its own process) ------------------------------------------------------


def work_policykg(extractions: Iterable[Extraction], work: Path, nt: Path) -> dict[str, Any]:
    from policykg.graph.export import export_to
    from policykg.graph.location import live_dir, open_read_only
    from policykg.graph.store import write_store

    before = rss_bytes()
    start = time.perf_counter()
    write_store(extractions, work / "store")
    result: dict[str, Any] = {"build": time.perf_counter() - start}
    result["build_rss"] = rss_bytes() - before
    store = open_read_only(work / "store")
    result["triples"] = len(store)
    result["disk"] = disk_bytes(live_dir(work / "store"))
    time_queries(
        lambda q: list(store.query(q, use_default_graph_as_union=True)),
        {**QUERIES, "materialised counts": MATERIALISED},
        result,
    )
    with open(os.devnull, "wb") as null:  # streamed, as `policykg export` writes it
        result["ttl export"] = timed(lambda: export_to(store, "ttl", null), repeat=1)
    return result


def work_pyoxigraph(extractions: Iterable[Extraction], work: Path, nt: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    from policykg.graph.store import to_quads

    store = ox.Store(str(work / "raw"))
    before = rss_bytes()
    start = time.perf_counter()
    for name, graph in quads_of(extractions):
        store.extend(to_quads(graph, name))
    store.flush()
    result: dict[str, Any] = {"build": time.perf_counter() - start}
    result["build_rss"] = rss_bytes() - before
    result["triples"] = len(store)
    result["disk"] = disk_bytes(work / "raw")
    time_queries(lambda q: list(store.query(q, use_default_graph_as_union=True)), QUERIES, result)
    union = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    result["ttl export"] = timed(
        lambda: ox.serialize(
            store.query(union, use_default_graph_as_union=True), format=ox.RdfFormat.TURTLE
        ),
        repeat=1,
    )
    loaded = ox.Store(str(work / "raw-nt"))
    start = time.perf_counter()
    loaded.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    result["nt load"] = time.perf_counter() - start
    return result


def work_oxrdflib(extractions: Iterable[Extraction], work: Path, nt: Path) -> dict[str, Any]:
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Dataset, Graph

    dataset = Dataset(store=OxigraphStore(store=ox.Store(str(work / "oxr"))), default_union=True)
    before = rss_bytes()
    start = time.perf_counter()
    for name, graph in quads_of(extractions):
        dataset.addN((s, p, o, Graph(dataset.store, identifier=name)) for s, p, o in graph)
    result: dict[str, Any] = {"build": time.perf_counter() - start}
    result["build_rss"] = rss_bytes() - before
    result["triples"] = len(dataset.store._inner)  # type: ignore[attr-defined]
    result["disk"] = disk_bytes(work / "oxr")
    time_queries(lambda q: list(dataset.query(q)), QUERIES, result)
    result["ttl export"] = timed(lambda: dataset.serialize(format="ox-trig"), repeat=1)
    loaded = Dataset(store=OxigraphStore(store=ox.Store(str(work / "oxr-nt"))))
    start = time.perf_counter()
    loaded.parse(str(nt), format="ox-nt")
    result["nt load"] = time.perf_counter() - start
    return result


def work_rdflib(extractions: Iterable[Extraction], work: Path, nt: Path) -> dict[str, Any]:
    from rdflib import Dataset, Graph

    dataset = Dataset(default_union=True)
    before = rss_bytes()
    start = time.perf_counter()
    for name, graph in quads_of(extractions):
        target = dataset.graph(name)
        for triple in graph:
            target.add(triple)
    result: dict[str, Any] = {"build": time.perf_counter() - start}
    result["build_rss"] = rss_bytes() - before
    result["triples"] = len(list(dataset.quads((None, None, None, None))))
    result["disk"] = 0
    time_queries(lambda q: list(dataset.query(q)), QUERIES, result, repeat=1)
    result["ttl export"] = timed(lambda: dataset.serialize(format="trig"), repeat=1)
    start = time.perf_counter()
    Graph().parse(str(nt), format="nt")
    result["nt load"] = time.perf_counter() - start
    return result


WORKERS = {
    "policykg": work_policykg,
    "pyoxigraph": work_pyoxigraph,
    "oxrdflib": work_oxrdflib,
    "rdflib": work_rdflib,
}


def worker(kind: str, tasks: int, work: Path, nt: Path) -> None:
    extractions = synthetic(tasks)
    result = WORKERS[kind](extractions, work, nt)
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


# --- scale figures of the policykg store: listings, reports, export (issue 16) -------------------

SCALE: dict[str, Any] = {"on": True, "formats": ["nq", "ttl", "jsonld"]}
PAGE = 50  # rows of a first page
PAGE_TARGET_MS = 500
BASE = "https://w3id.org/policykg/"
SCALE_SAMPLES: dict[str, object] = {  # required parameters, in the synthetic graph
    "start": BASE + "doc/渝府发-2021-31",  # every district document implements it, directly or not
    "task": BASE + "doc/永川府发-2024-1/task/1",
    "via": BASE + "doc/永川府发-2024-1",
    "text_contains": "清洁生产",
}


def _page_ms(run: Callable[[], Any]) -> tuple[float, float, int]:
    """The first call's ms (cold), the median of three more (warm), and the rows returned; a
    first call over 5 s is not repeated (warm = cold)."""
    start = time.perf_counter()
    rows = run()
    cold = (time.perf_counter() - start) * 1000
    if cold > 5000:
        return cold, cold, len(getattr(rows, "rows", rows))
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        warm.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(warm), len(getattr(rows, "rows", rows))


def _once_ms(run: Callable[[], Any]) -> tuple[float, float, int]:
    """One call's ms (twice, as cold and warm) and the rows it returned."""
    start = time.perf_counter()
    rows = run()
    ms = (time.perf_counter() - start) * 1000
    return ms, ms, len(getattr(rows, "rows", rows))


def listing_figures(store_dir: Path, timeout: float = 30.0,
                    only: list[str] | None = None, whole: bool = True) -> dict[str, Any]:
    """First page (PAGE rows) of every named query without optional filters and of each report,
    then the whole listing, each in a forked child given ``timeout`` seconds (a listing that
    cannot page is slow at 10M+): label → (cold ms, warm ms, rows, whole-listing ms, its rows).
    With ``only``, the listings whose label ends with one of those; without ``whole``, first
    pages only (the whole listing reported as not run). Each line goes to stderr as it is done,
    so a long run (50M) shows what it has measured so far."""
    from datetime import date

    from policykg.queries import named_queries, run_named
    from policykg.queries import reports as r
    from policykg.queries.clauses import clauses_report
    from policykg.queries.lineage import lineage_report
    from policykg.queries.source import open_source

    source = open_source(store_dir)
    cases: dict[str, Callable[..., Any]] = {}
    for name, query in named_queries().items():
        params = {p.name: SCALE_SAMPLES[p.name] for p in query.params if p.required}
        cases[f"sparql --name {name}"] = (
            lambda limit, n=name, p=params: run_named(source, n, limit=limit, **p))
    cases |= {
        "tasks --agency 区生态环境局": lambda limit: r.tasks_report(source, "区生态环境局",
                                                              limit=limit),
        "agencies": lambda limit: r.agencies_report(source, limit=limit),
        "documents": lambda limit: r.documents_report(source, limit=limit),
        "targets": lambda limit: r.targets_report(source, limit=limit),
        "unassigned": lambda limit: r.unassigned_report(source, limit=limit),
        "due": lambda limit: r.due_report(source, date(2025, 1, 1), limit=limit),
        "clauses --tasks": lambda limit: clauses_report(source, tasks=True, limit=limit),
    }
    if only:
        cases = {label: run for label, run in cases.items()
                 if any(label.split()[-1] == name or label == name for name in only)}
    figures = {}
    for label, run in cases.items():
        every = (_in_child(lambda run=run: run(None), timeout, once=True)[1:] if whole
                 else (float("nan"), -3))
        figures[label] = (*_in_child(lambda run=run: run(PAGE), timeout), *every)
        print_listings({label: figures[label]}, sys.stderr, header=False)
    if not only:
        whole = _in_child(lambda: lineage_report(source, "永川府发〔2024〕1号"), timeout)
        figures["lineage 永川府发〔2024〕1号 (whole)"] = (*whole, *whole[1:])
    return figures


def _in_child(run: Callable[[], Any], timeout: float, once: bool = False
              ) -> tuple[float, float, int]:
    """``_page_ms(run)`` in a forked process (with ``once``, one run: cold = warm); (inf, inf,
    -1) when it takes over ``timeout`` s."""
    import multiprocessing

    parent, child = multiprocessing.Pipe()

    def measure() -> None:
        try:
            child.send(_once_ms(run) if once else _page_ms(run))
        except Exception as error:  # reported, not timed out
            print(f"failed: {type(error).__name__}: {error}", file=sys.stderr)
            child.send((float("nan"), float("nan"), -2))

    process = multiprocessing.get_context("fork").Process(target=measure)
    process.start()
    if parent.poll(timeout):
        result = parent.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return float("inf"), float("inf"), -1


def _measured(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of ``command``, its stdout thrown away."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - start, usage.ru_maxrss * 1024


def scale_figures(store: Path) -> dict[str, Any]:
    """Listing and report latencies, then `policykg export` and a whole csv listing, each in its
    own process (time and peak memory)."""
    out = subprocess.run([sys.executable, __file__, "--listings", str(store)],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"listings failed:\n{out.stderr[-2000:]}")
    figures: dict[str, Any] = {"listings": json.loads(out.stdout.strip().splitlines()[-1])}
    policykg = [sys.executable, "-c", "from policykg.cli import main; main()"]
    for fmt in SCALE["formats"]:
        figures[f"export {fmt}"] = _measured([*policykg, "export", "--format", fmt,
                                              "--store", str(store)])
    figures["task-links csv"] = _measured([*policykg, "sparql", "--name", "task-links",
                                           "--format", "csv", "--store", str(store)])
    return figures


def print_scale(target: int, result: dict[str, Any]) -> None:
    """Listing first pages against the target, then export and whole-listing time and memory."""
    scale = result["scale"]
    print(f"\n~{target:,} triples: {result['triples']:,} quads, store "
          f"{result['disk'] / 2**20:,.0f} MB, build {result['build']:.1f} s, build peak "
          f"{result['peak_rss'] / 2**20:,.0f} MB")
    print_listings(scale["listings"])
    for label in [k for k in scale if k != "listings"]:
        seconds, peak = scale[label]
        print(f"{label:52} {seconds:9.1f} s  peak {peak / 2**20:8,.0f} MB")


def print_listings(listings: dict[str, Any], out: Any = None, header: bool = True) -> None:
    """First page (cold, warm) against the target, then the whole listing's time and rows."""
    out = out or sys.stdout
    if header:
        print(f"{'first page (' + str(PAGE) + ' rows)':44} {'cold ms':>9} {'warm ms':>9} "
              f"{'rows':>6}  < {PAGE_TARGET_MS} ms {'whole ms':>10} {'rows':>7}", file=out)
    for label, (cold, warm, rows, whole, whole_rows) in listings.items():
        page = (f"{'timeout' if rows == -1 else 'error':>9} {'':9} {'':6}  {'NO':3}" if rows < 0
                else f"{cold:9.1f} {warm:9.1f} {rows:6}  {'yes' if warm < PAGE_TARGET_MS else 'NO':3}")
        every = (f"{ {-1: 'timeout', -2: 'error'}.get(whole_rows, 'not run'):>10}" if whole_rows < 0
                 else f"{whole:10.0f} {whole_rows:7}")
        print(f"{label:44} {page}       {every}", file=out)


def print_growth(scales: dict[int, dict[str, Any]]) -> None:
    """How each cost grows from the smallest size to each larger one."""
    sizes = sorted(scales)
    small = scales[sizes[0]]
    for size in sizes[1:]:
        big = scales[size]
        ratio = big["triples"] / small["triples"]
        print(f"\n{sizes[0]:,} → {size:,} triples ({ratio:.1f}× the quads):")
        print(f"  build time {big['build'] / small['build']:.2f}×, build peak "
              f"{big['peak_rss'] / small['peak_rss']:.2f}×, store size "
              f"{big['disk'] / small['disk']:.2f}×")
        for label in [k for k in big["scale"] if k != "listings"]:
            (t1, m1), (t2, m2) = small["scale"][label], big["scale"][label]
            flat = "flat" if m2 / m1 <= 1.2 else "NOT flat"
            print(f"  {label}: time {t2 / t1:.2f}×, peak memory {m2 / m1:.2f}× ({flat}, ≤ 1.2×)")
        worst = max(big["scale"]["listings"].items(), key=lambda item: item[1][1])
        print(f"  slowest first page: {worst[0]} {worst[1][1]:.0f} ms")


# --- driver -------------------------------------------------------------------------------------


def run_size(target: int, kinds: list[str]) -> dict[str, dict[str, Any]]:
    tasks = target // TRIPLES_PER_TASK
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        work = Path(tmp)
        nt = work / "corpus.nt"
        if set(kinds) - {"policykg"}:  # the N-Triples load is timed for the other backends
            _write_nt(tasks, nt)
        results = {}
        for kind in kinds:
            directory = work / kind
            directory.mkdir()
            command = [sys.executable, __file__, "--worker", kind, "--tasks", str(tasks)]
            command += ["--work", str(directory), "--nt", str(nt)]
            out = subprocess.run(command, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"{kind} worker failed:\n{out.stderr}")
            results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
            if kind == "policykg" and SCALE["on"]:
                results[kind]["scale"] = scale_figures(directory / "store")
            shutil.rmtree(directory, ignore_errors=True)
            print(f"  {kind} done", file=sys.stderr, flush=True)
    return results


def _write_nt(tasks: int, path: Path) -> None:
    """The synthetic corpus as one N-Triples file (the union of its graphs)."""
    import pyoxigraph as ox

    from policykg.graph.store import to_quads

    store = ox.Store()
    for name, graph in quads_of(synthetic(tasks)):
        store.extend(to_quads(graph, name))
    union = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    with open(path, "wb") as handle:
        ox.serialize(
            store.query(union, use_default_graph_as_union=True),
            handle,
            format=ox.RdfFormat.N_TRIPLES,
        )


ROWS = [
    ("build (records → store), s", "build", "s"),
    ("peak RSS of the process, MB", "peak_rss", "mb"),
    ("memory growth while building, B/triple", "build_rss", "per"),
    ("on disk, B/triple", "disk", "per"),
    ("N-Triples load, s", "nt load", "s"),
    ("Turtle export (TriG for rdflib, oxrdflib), s", "ttl export", "s"),
    ("query: tasks of one agency, ms", "tasks of one agency", "ms"),
    ("query: workload GROUP BY, ms", "workload GROUP BY", "ms"),
    ("query: same through assignments, ms", "workload GROUP BY, assignments", "ms"),
    ("query: lineage property path, ms", "lineage path", "ms"),
    ("materialised counts lookup, ms", "materialised counts", "ms"),
]


def _cell(result: dict[str, Any], key: str, unit: str) -> str:
    value = result.get(key)
    if value is None or (unit == "per" and not value):
        return "—"
    if unit == "s":
        return f"{value:.2f}"
    if unit == "ms":
        return f"{value * 1000:.1f}"
    if unit == "mb":
        return f"{value / 2**20:.0f}"
    return f"{value / result['triples']:.0f}"


def print_table(target: int, results: dict[str, dict[str, Any]]) -> None:
    kinds = list(results)
    triples = results[kinds[0]]["triples"]
    print(f"\n~{target:,} triples (policykg store holds {triples:,} quads incl. derived counts)")
    header = f"{'':42}" + "".join(f"{k:>12}" for k in kinds)
    print(header)
    for label, key, unit in ROWS:
        print(f"{label:42}" + "".join(f"{_cell(results[k], key, unit):>12}" for k in kinds))
    chosen = results["policykg"]
    for key in (
        "workload GROUP BY",
        "workload GROUP BY, assignments",
        "tasks of one agency",
        "lineage path",
    ):
        parts = []
        for other in ("rdflib", "pyoxigraph", "oxrdflib"):
            if other in results:
                parts.append(f"{other}/policykg = {results[other][key] / chosen[key]:.1f}×")
        print(f"  {key}: " + ", ".join(parts))
    for key in QUERIES:
        answers = {k: r["answers"][key] for k, r in results.items()}
        if len(set(answers.values())) == 1:
            print(f"  {key}: same answer on every backend ({next(iter(answers.values()))})")
        else:
            print(f"  {key}: ANSWERS DIFFER: " + ", ".join(f"{k} {v}" for k, v in answers.items()))
    print(f"  policykg bytes/triple on disk: {chosen['disk'] / chosen['triples']:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--5m", dest="five", action="store_true", help="also ~5M triples")
    parser.add_argument("--sizes", type=int, nargs="*", help="target triple counts")
    parser.add_argument("--backends", nargs="*", default=list(WORKERS), choices=list(WORKERS))
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--tasks", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--nt", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-scale", action="store_true",
                        help="skip the listing, report and export-memory figures")
    parser.add_argument("--export-formats", nargs="*", default=["nq", "ttl", "jsonld"],
                        choices=["nq", "nt", "ttl", "trig", "jsonld"],
                        help="formats whose `policykg export` is measured (time, peak memory)")
    parser.add_argument("--listings", type=Path, metavar="STORE",
                        help="print the first pages and whole listings of STORE's listings")
    parser.add_argument("--only", nargs="*", metavar="NAME",
                        help="with --listings: these listings only (agencies co-responsibility …)")
    parser.add_argument("--first-pages", action="store_true",
                        help="with --listings: first pages only, not the whole listings")
    parser.add_argument("--bulk-compare", type=int, nargs="*", metavar="TRIPLES",
                        help="only compare the build with Store.bulk_load at these sizes")
    parser.add_argument("--bulk-worker", help=argparse.SUPPRESS)
    parser.add_argument("--documents-pass", type=Path, metavar="STORE",
                        help="only the build's reading of every document of STORE (clause links, "
                        "derived facts, search index): CPU and peak memory")
    args = parser.parse_args()
    if args.documents_pass:
        documents_pass(args.documents_pass)
        return
    if args.worker:
        worker(args.worker, args.tasks, args.work, args.nt)
        return
    if args.listings:
        figures = listing_figures(args.listings, only=args.only, whole=not args.first_pages)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
        print_listings(figures, sys.stderr)  # for a person; stdout's last line is for scale_figures
        print(json.dumps(figures))
        return
    SCALE.update(on=not args.no_scale and "policykg" in args.backends,
                 formats=args.export_formats)
    if args.bulk_worker:
        bulk_worker(args.bulk_worker, args.tasks, args.work)
        return
    if args.bulk_compare:
        for size in args.bulk_compare:
            compare_with_bulk_load(size)
        return
    sizes = args.sizes or [100_000, 1_000_000] + ([5_000_000] if args.five else [])
    scales = {}
    for size in sizes:
        print(f"building ~{size:,} triples …", file=sys.stderr, flush=True)
        results = run_size(size, args.backends)
        print_table(size, results)
        if "scale" in results.get("policykg", {}):
            scales[size] = results["policykg"]
            print_scale(size, scales[size])
    if len(scales) > 1:
        print_growth(scales)



# --- policykg's build path against Oxigraph's own bulk loader (issue 16) -----------------------


def bulk_records(tasks: int, path: Path) -> None:
    """Pickle the synthetic extractions one by one (each with its own content hash) into ``path``."""
    import dataclasses
    import pickle

    with open(path, "wb") as handle:
        for extraction in synthetic(tasks):
            digest = hashlib.sha256(extraction.source.path.encode()).hexdigest()
            source = dataclasses.replace(extraction.source, sha256=digest)
            pickle.dump(dataclasses.replace(extraction, source=source), handle)


def bulk_policykg(records: Path, work: Path) -> dict[str, Any]:
    """``write_store`` of the pickled records, read lazily; the reading time is not counted."""
    import pickle

    import pyoxigraph as ox

    from policykg.graph.store import live_dir, write_store

    reading = 0.0

    def extractions() -> Iterator[Extraction]:
        nonlocal reading
        with open(records, "rb") as handle:
            while True:
                start = time.perf_counter()
                try:
                    extraction = pickle.load(handle)
                except EOFError:
                    return
                finally:
                    reading += time.perf_counter() - start
                yield extraction

    phases = _timed_phases()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cpu = _cpu_seconds()
    start = time.perf_counter()
    write_store(extractions(), work / "store")
    seconds = time.perf_counter() - start - reading
    cpu = _cpu_seconds() - cpu - reading  # reading a pickle is CPU work as well
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    store = ox.Store.read_only(str(live_dir(work / "store")))
    with open(work / "all.nq", "wb") as handle:  # the same quads, for the bulk loader
        store.dump(handle, format=ox.RdfFormat.N_QUADS)
    return {"build": seconds, "cpu": cpu, "peak_rss": peak, "baseline_rss": baseline,
            "quads": len(store), "phases": dict(phases)}


# The steps of graph/store.py a build's CPU time goes to, each timed where the store calls it.
PHASES = {
    "prepare": "records → N-Quads (graph/build.py)",
    "_flush": "bulk load of the sources",
    "documents": "each document read once: clause links, derived facts, search entries",
    "index": "search index: titles, agencies, bigrams (graph/search_index.py)",
    "_compact": "final compaction",
}


def _timed_phases() -> dict[str, float]:
    """Wrap the store's steps so that each adds its CPU seconds (all threads) to the result."""
    import policykg.graph.store as store

    spent: dict[str, float] = dict.fromkeys(PHASES, 0.0)

    def timed(name: str, func: Callable[..., Any], label: Callable[..., str] | None = None):
        def run(*args: Any, **kwargs: Any) -> Any:
            start = _cpu_seconds()
            try:
                return func(*args, **kwargs)
            finally:
                key = label(*args) if label else name
                spent[key] = spent.get(key, 0.0) + _cpu_seconds() - start
        return run

    for name in ("prepare", "_compact"):
        setattr(store, name, timed(name, getattr(store, name)))
    # _replace writes shared graphs; for graph/clauses and graph/derived it also reads every
    # document and computes them (a generator)
    store._replace = timed("_replace", store._replace, lambda _store, nodes, _quads: (
        "documents" if len(nodes) > 1 else nodes[0].value.rsplit("/", 1)[-1]))
    store.IndexWriter.finish = timed("index", store.IndexWriter.finish)
    store.StoreWriter._flush = timed("_flush", store.StoreWriter._flush)
    return spent


def documents_pass(store_dir: Path) -> None:
    """What a build's last step does on a built store, the store left as it is: every document
    read once (graph/parts.py) for its clause links, derived facts and search entries, then the
    index finished in a scratch folder. Prints CPU seconds, quads computed, and the resident memory
    before and at the peak (this process: run it alone)."""
    import tempfile

    import pyoxigraph as ox

    from policykg.graph.clause_links import Linker
    from policykg.graph.derived import derived_quads
    from policykg.graph.iris import Iris
    from policykg.graph.search_index import IndexWriter
    from policykg.graph.store import live_dir

    store = ox.Store.read_only(str(live_dir(store_dir)))
    iris = Iris()
    clauses, derived = (ox.NamedNode(str(g)) for g in (iris.clauses_graph, iris.derived_graph))
    before = _rss_mb()
    cpu = _cpu_seconds()
    with tempfile.TemporaryDirectory() as scratch, IndexWriter(scratch) as index:
        linker = Linker(store)

        def per_document(parts: Any) -> Any:
            index.add(parts)
            return linker.quads(parts, clauses)

        quads = sum(1 for _ in derived_quads(store, derived, on_parts=per_document))
        index.finish(store)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{len(store):,} quads in the store; {quads:,} clause-link and derived quads and "
          f"{index.tasks:,} indexed tasks in {_cpu_seconds() - cpu:.1f} CPU s; resident "
          f"{before} MB before, peak {peak} MB (load {os.getloadavg()[0]:.1f})")


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process so far (RocksDB's threads included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bulk_raw(work: Path) -> dict[str, Any]:
    """Oxigraph's bulk loader alone: the same N-Quads into a new on-disk store."""
    import pyoxigraph as ox

    store = ox.Store(str(work / "raw"))
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cpu = _cpu_seconds()
    start = time.perf_counter()
    store.bulk_load(path=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"build": seconds, "cpu": cpu, "peak_rss": peak, "baseline_rss": baseline,
            "quads": len(store)}


def bulk_worker(kind: str, tasks: int, work: Path) -> None:
    if kind == "records":
        bulk_records(tasks, work / "records.pickle")
        print(json.dumps({}))
    elif kind == "policykg":
        print(json.dumps(bulk_policykg(work / "records.pickle", work)))
    else:
        print(json.dumps(bulk_raw(work)))


def compare_with_bulk_load(target: int) -> None:
    """Print build time and peak memory of policykg and of the bulk loader, and their ratios.

    Targets (issue 16, at 5M triples): time within 1.2×, peak memory within 1.3×.
    """
    tasks = target // TRIPLES_PER_TASK
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-bulk-") as tmp:
        for kind in ("records", "policykg", "raw"):
            command = [sys.executable, __file__, "--bulk-worker", kind, "--tasks", str(tasks),
                       "--work", tmp]
            out = subprocess.run(command, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"{kind} worker failed:\n{out.stderr}")
            results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"  {kind} done", file=sys.stderr, flush=True)
    ours, raw = results["policykg"], results["raw"]
    mb = 2**20
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"~{target:,} triples: policykg build (records → store, shared graphs, compaction) "
          f"against Store.bulk_load of the same {ours['quads']:,} quads (N-Quads file, disk)")
    print(f"{'':36}{'policykg':>12}{'bulk_load':>12}{'ratio':>8}  target")
    print(f"{'build, s (wall)':36}{ours['build']:>12.1f}{raw['build']:>12.1f}"
          f"{ours['build'] / raw['build']:>8.2f}  ≤ 1.2")
    print(f"{'build, CPU s (user + system)':36}{ours['cpu']:>12.1f}{raw['cpu']:>12.1f}"
          f"{ours['cpu'] / raw['cpu']:>8.2f}  ≤ 1.2")
    print(f"{'peak RSS of the process, MB':36}{ours['peak_rss'] / mb:>12.0f}"
          f"{raw['peak_rss'] / mb:>12.0f}{ours['peak_rss'] / raw['peak_rss']:>8.2f}  ≤ 1.3")
    grown = (ours["peak_rss"] - ours["baseline_rss"], raw["peak_rss"] - raw["baseline_rss"])
    print(f"{'peak RSS above the imports, MB':36}{grown[0] / mb:>12.0f}{grown[1] / mb:>12.0f}"
          f"{grown[0] / max(grown[1], 1):>8.2f}")
    print(f"\npolicykg's CPU seconds by step, and each as a share of bulk_load's {raw['cpu']:.1f} s")
    phases = ours["phases"]
    for key, seconds in sorted(phases.items(), key=lambda item: -item[1]):
        print(f"  {PHASES.get(key, 'shared graph ' + key):44}{seconds:>8.1f}"
              f"{seconds / raw['cpu']:>8.2f}")
    rest = ours["cpu"] - sum(phases.values())
    print(f"  {'the rest (catalogue, manifest, reading input)':44}{rest:>8.1f}"
          f"{rest / raw['cpu']:>8.2f}")


if __name__ == "__main__":
    main()
