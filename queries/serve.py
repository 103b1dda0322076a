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

import http.client
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
    memory: int = 4 << 30  # data segment of the query engine; above it, that query fails


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable: beside this Python (the virtual environment), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise LookupError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def store_location(store_dir: Path) -> Path:
    """The live Oxigraph database inside a store built by ``policykg build``."""
    from policykg.graph.store import live_dir

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


class Backend:
    """The private Oxigraph server of the live generation; restarted when a build switches it."""

    def __init__(self, store_dir: Path, limits: Limits) -> None:
        self.store_dir = store_dir
        self.limits = limits
        self.lock = threading.Lock()
        self.location: Path | None = None
        self.port = 0
        self.process: subprocess.Popen | None = None

    def current(self) -> int:
        """The port of a server on the newest generation, starting one if the store moved."""
        location = store_location(self.store_dir)
        with self.lock:
            if location != self.location or self.process is None or self.process.poll() is not None:
                old = self.process
                self._start(location)
                if old is not None:  # let its queries finish before stopping it
                    threading.Timer(self.limits.timeout + 1, _stop, (old,)).start()
            return self.port

    def _start(self, location: Path) -> None:
        port = _free_port()
        command = server_command(location, "127.0.0.1", port, max(1, int(self.limits.timeout)))
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=self._memory_ceiling)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                reason = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise LookupError(f"the oxigraph server did not start: {reason.strip()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            _stop(process)
            raise LookupError("the oxigraph server did not start within 20 s")
        self.location, self.port, self.process = location, port, process

    def _memory_ceiling(self) -> None:
        # RLIMIT_DATA counts the heap and private mappings (a sort over a cross product grew to
        # 4 GB in 7 s) but not RocksDB's file mappings, so the store itself is unaffected
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (self.limits.memory, self.limits.memory))

    def close(self) -> None:
        """Stop the private server."""
        if self.process is not None:
            _stop(self.process)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Refused(Exception):
    """An answer the proxy gives itself: an HTTP status and one sentence."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


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
        response = connection.getresponse()
        parts, size = [], 0
        while chunk := response.read1(CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise Refused(413, f"the answer is larger than {limits.max_bytes:,} bytes; "
                                   "narrow the query or add LIMIT")
            if time.monotonic() > deadline:
                raise Refused(504, f"the query ran over {limits.timeout:g} s and was stopped")
            parts.append(chunk)
        return response.status, response.getheader("Content-Type", ""), b"".join(parts)
    except http.client.IncompleteRead:
        raise Refused(504, "the query was cancelled by the server before its answer was "
                           "complete (timeout)") from None
    except TimeoutError:
        raise Refused(504, f"the query ran over {limits.timeout:g} s and was stopped") from None
    except (ConnectionError, http.client.HTTPException) as error:
        raise Refused(502, f"the query engine failed: {error}") from None
    finally:
        connection.close()  # an unfinished answer: closing cancels the query in the server


def make_handler(backend: Backend, limits: Limits) -> type[BaseHTTPRequestHandler]:
    """The request handler class of the public endpoint."""
    gate = threading.BoundedSemaphore(limits.parallel)

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
                if not gate.acquire(timeout=limits.timeout):
                    raise Refused(503, "too many queries at once; try again")
                try:
                    status, kind, data = fetch(backend.current(), method, self.path, headers,
                                               body, limits)
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
