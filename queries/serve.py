"""The SPARQL endpoint: the Oxigraph server (``oxigraph`` on PyPI), read-only, behind our own proxy.

The Oxigraph server cannot turn federation off: a client's ``SERVICE <http://…>`` makes it fetch
that URL (server-side request forgery). So the server listens on a private loopback port and
``policykg serve`` answers the public one: it refuses SERVICE and updates (``check_query``),
forwards everything else of the SPARQL 1.1 Protocol (GET and POST, the Accept header), and
bounds each answer — bytes, a deadline that covers streaming, a few queries at a time — so an
answer is complete with status 200 or an error status, never a truncated 200. When a rebuild
switches the store to a new generation, the next query starts a server on it.

>>> " ".join(server_command(Path("/s"), "127.0.0.1", 7878, 30)[1:])
'serve-read-only --location /s --bind 127.0.0.1:7878 --union-default-graph --timeout-s 30'
"""

from __future__ import annotations

import collections
import http.client
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from policykg.queries.source import SourceError, check_query

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FORWARDED_HEADERS = ("Accept", "Content-Type")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """Bounds of one answer and of the server as a whole."""

    timeout: float = 30.0  # seconds per query, streaming included
    max_bytes: int = 64 << 20  # per answer; larger answers are refused with 413
    parallel: int = 8  # queries run at once (memory ceiling: parallel × max_bytes)
    memory: int = 2 << 30  # resident memory of the query engine; above it, its queries fail
    # queries started within one timeout: Oxigraph keeps a thread per query for the whole
    # timeout, so a burst of quick queries would otherwise pile up threads (pids are machine-wide)
    burst: int = 1000


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable: beside this Python (the virtual environment), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise LookupError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def store_location(store_dir: Path) -> Path:
    """The live Oxigraph database inside a store built by ``policykg build``."""
    from policykg.graph.location import live_dir

    try:
        return live_dir(store_dir)
    except FileNotFoundError as error:
        raise LookupError(str(error)) from None


def server_command(location: Path, host: str, port: int, timeout: int) -> list[str]:
    """The command line that serves ``location`` read-only, querying the union of all graphs."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", bind,
            "--union-default-graph", "--timeout-s", str(timeout)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def resident_anonymous(pid: int) -> int:
    """Bytes of anonymous memory resident in process ``pid`` (heap and touched stacks), else 0."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) << 10
    except (OSError, ValueError):
        pass  # the process has just exited
    return 0


@dataclass
class Engine:
    """One private Oxigraph server: its port, its process and the file its messages go to."""

    port: int
    process: subprocess.Popen
    messages: IO[bytes]
    over_memory: bool = False

    def watch(self, ceiling: int) -> None:
        """Kill the server when its resident memory passes ``ceiling`` (run in a thread).

        Resident anonymous memory, not RLIMIT_DATA or RLIMIT_AS: Oxigraph starts a thread per
        query that sleeps for the whole timeout, and each one's 2 MB stack counts as data
        (1,500 quick queries in 30 s: 1,505 threads, 3.1 GB of data segment, 19 MB resident),
        so a limit on the address space refused ordinary queries under load. A sort over a cross
        product grew by about 0.6 GB/s: polling every 50 ms overshoots by some 30 MB.
        """
        while self.process.poll() is None:
            if resident_anonymous(self.process.pid) > ceiling:
                self.over_memory = True
                self.process.kill()
                return
            time.sleep(0.05)

    def out_of_memory(self) -> bool:
        """Whether the server was stopped at its memory ceiling (or failed an allocation)."""
        try:
            self.process.wait(timeout=0.5)  # the connection breaks as the process exits
        except subprocess.TimeoutExpired:
            return False
        if self.over_memory:
            return True
        if self.messages.closed:
            return False
        self.messages.seek(0)
        return b"memory allocation of" in self.messages.read()

    def stop(self) -> None:
        """Stop the server and drop its messages."""
        _stop(self.process)
        self.messages.close()


class Backend:
    """The private Oxigraph server of the live generation; restarted when a build switches it."""

    def __init__(self, store_dir: Path, limits: Limits) -> None:
        self.store_dir = store_dir
        self.limits = limits
        self.lock = threading.Lock()
        self.location: Path | None = None
        self.engine: Engine | None = None
        self.retiring: list[tuple[Engine, threading.Timer]] = []  # servers of older generations

    def current(self) -> Engine:
        """A server on the newest generation, starting one if the store moved or the last died."""
        location = store_location(self.store_dir)
        with self.lock:
            old = self.engine
            if location != self.location or old is None or old.process.poll() is not None:
                self.engine = self._start(location)
                self.location = location
                if old is not None:  # let its queries finish before stopping it
                    timer = threading.Timer(self.limits.timeout + 1, old.stop)
                    timer.daemon = True  # ``close`` stops it if the endpoint stops first
                    timer.start()
                    self.retiring = [(e, t) for e, t in self.retiring if e.process.poll() is None]
                    self.retiring.append((old, timer))
            return self.engine

    def _start(self, location: Path) -> Engine:
        port = _free_port()
        command = server_command(location, "127.0.0.1", port, max(1, int(self.limits.timeout)))
        # a file, not a pipe: nobody reads a pipe while the server runs, and a full one blocks it
        messages = tempfile.TemporaryFile()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=messages)
        engine = Engine(port, process, messages)
        threading.Thread(target=engine.watch, args=(self.limits.memory,), daemon=True).start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                messages.seek(0)
                reason = messages.read().decode(errors="replace").strip()
                engine.stop()
                raise LookupError(f"the oxigraph server did not start: {reason}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return engine
            except OSError:
                time.sleep(0.05)
        engine.stop()
        raise LookupError("the oxigraph server did not start within 20 s")

    def close(self) -> None:
        """Stop the private server, and those of older generations still finishing queries."""
        for engine, timer in self.retiring:
            timer.cancel()
            engine.stop()
        self.retiring = []
        if self.engine is not None:
            self.engine.stop()


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Window:
    """Admits at most ``count`` queries within any ``seconds``.

    >>> window = Window(2, 60)
    >>> [window.admit() for _ in range(3)]
    [True, True, False]
    """

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.starts: collections.deque[float] = collections.deque()
        self.lock = threading.Lock()

    def admit(self) -> bool:
        """Whether one more query may start now (and count it if so)."""
        now = time.monotonic()
        with self.lock:
            while self.starts and self.starts[0] <= now - self.seconds:
                self.starts.popleft()
            if len(self.starts) >= self.count:
                return False
            self.starts.append(now)
            return True


class Refused(Exception):
    """An answer the proxy gives itself: an HTTP status and one sentence."""

    def __init__(self, status: int, message: str, broken: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.broken = broken  # the engine's connection broke: it may have died


def query_text(method: str, target: str, content_type: str, body: bytes) -> str:
    """The SPARQL text of a protocol request (GET ?query=, POST form or sparql-query body).

    >>> query_text("GET", "/query?query=ASK%20%7B%7D", "", b"")
    'ASK {}'
    >>> query_text("POST", "/query", "application/x-www-form-urlencoded", b"query=ASK+%7B%7D")
    'ASK {}'
    """
    if method == "GET":
        values = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).get("query", [])
    elif content_type.split(";")[0].strip() == "application/sparql-query":
        values = [body.decode("utf-8", errors="replace")]
    else:
        values = urllib.parse.parse_qs(body.decode("utf-8", errors="replace")).get("query", [])
    if len(values) != 1:
        raise Refused(400, "give exactly one SPARQL query (GET ?query= or POST)")
    return values[0]


def fetch(port: int, method: str, target: str, headers: dict[str, str], body: bytes,
          limits: Limits) -> tuple[int, str, bytes]:
    """Status, content type and the complete answer of the private server, within the limits."""
    deadline = time.monotonic() + limits.timeout
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=limits.timeout)
    try:
        connection.request(method, target, body=body or None, headers=headers)
        sock = connection.sock  # kept: a "Connection: close" answer detaches it from connection
        response = connection.getresponse()
        parts, size = [], 0
        while True:
            # the whole answer within the deadline: a server that stalls between chunks (a sort
            # before its first row) is stopped at the deadline, not one socket timeout later
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise Refused(413, f"the answer is larger than {limits.max_bytes:,} bytes; "
                                   "narrow the query or add LIMIT")
            parts.append(chunk)
        return response.status, response.getheader("Content-Type", ""), b"".join(parts)
    except http.client.IncompleteRead:
        raise Refused(504, "the query was cancelled by the server before its answer was "
                           "complete (timeout)", broken=True) from None
    except TimeoutError:
        raise Refused(504, f"the query ran over {limits.timeout:g} s and was stopped") from None
    except (ConnectionError, http.client.HTTPException) as error:
        raise Refused(502, f"the query engine failed: {error}", broken=True) from None
    finally:
        connection.close()  # an unfinished answer: closing cancels the query in the server


def out_of_memory(limits: Limits) -> str:
    """The sentence for a query stopped at the memory ceiling.

    >>> out_of_memory(Limits(memory=256 << 20))[:64]
    'the query needed more than the 256 MB memory ceiling and was sto'
    """
    return (f"the query needed more than the {limits.memory >> 20:,} MB memory ceiling and was "
            "stopped (queries running beside it were stopped too); narrow it, add LIMIT, or "
            "avoid ORDER BY over a cross product")


def make_handler(backend: Backend, limits: Limits) -> type[BaseHTTPRequestHandler]:
    """The request handler class of the public endpoint."""
    gate = threading.BoundedSemaphore(limits.parallel)
    window = Window(limits.burst, limits.timeout + 1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "policykg"

        def do_GET(self) -> None:
            self._answer("GET", b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > limits.max_bytes:
                self._send(413, "text/plain", b"the request is too large\n")
                return
            self._answer("POST", self.rfile.read(length))

        def _answer(self, method: str, body: bytes) -> None:
            path = urllib.parse.urlsplit(self.path).path
            try:
                if path == "/update":
                    raise Refused(403, "the endpoint is read-only: updates are refused")
                if path != "/query":
                    raise Refused(404, "SPARQL queries are answered at /query")
                content_type = self.headers.get("Content-Type", "")
                check_query(query_text(method, self.path, content_type, body))
                headers = {h: self.headers[h] for h in FORWARDED_HEADERS if self.headers.get(h)}
                if not window.admit():
                    raise Refused(503, f"more than {limits.burst:,} queries in "
                                       f"{limits.timeout + 1:g} s; try again shortly")
                if not gate.acquire(timeout=limits.timeout):
                    raise Refused(503, "too many queries at once; try again")
                try:
                    engine = backend.current()
                    try:
                        status, kind, data = fetch(engine.port, method, self.path, headers,
                                                   body, limits)
                    except Refused as refused:
                        if refused.broken and engine.out_of_memory():
                            raise Refused(507, out_of_memory(limits)) from None
                        raise
                finally:
                    gate.release()
            except Refused as refused:
                self._send(refused.status, "text/plain", f"{refused}\n".encode())
            except (SourceError, LookupError) as error:
                status = 400 if isinstance(error, SourceError) else 503
                self._send(status, "text/plain", f"{error}\n".encode())
            else:
                self._send(status, kind, data)

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: one line per query would drown the terminal

    return Handler


def serve(store_dir: Path, host: str, port: int, limits: Limits) -> None:
    """Answer SPARQL at http://host:port/query until interrupted (SIGINT or SIGTERM)."""
    import signal

    backend = Backend(store_dir, limits)
    backend.current()  # fail now, not at the first query, when there is no store
    # a listen backlog of 5 (socketserver's default) drops bursts of connections: clients then
    # wait for SYN retries, a minute under load
    attributes = {"request_queue_size": 1024, "daemon_threads": True}
    if ":" in host:
        attributes["address_family"] = socket.AF_INET6
    server_class = type("EndpointServer", (ThreadingHTTPServer,), attributes)
    server = server_class((host, port), make_handler(backend, limits))
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.close()
