"""The endpoint proxy against engines that misbehave on purpose: the deadline covers a stalled or
trickling answer, and an answer the engine breaks off is an error status, never a truncated 200."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from policykg.queries.serve import Limits, Refused, fetch

HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n")
JSON_START = b'{"head":{"vars":["s"]},"results":{"bindings":['


@contextlib.contextmanager
def engine(answer: Callable[[socket.socket], None]) -> Iterator[int]:
    """A loopback 'engine' that reads one request and answers it with ``answer``; yields its port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()

    def serve() -> None:
        connection, _ = sock.accept()
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):
                answer(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _broken_off(connection: socket.socket) -> None:
    # Oxigraph's own timeout did this to a streaming answer: 200, half the JSON, then close
    connection.sendall(HEAD + _chunk(JSON_START + b'{"s":{"type":"uri","value":"http://a"}},'))


def _stalled(connection: socket.socket) -> None:
    # a sort before its first row: headers never come
    time.sleep(30)


def _trickling(connection: socket.socket) -> None:
    # a cross product streamed slowly: every read succeeds, the answer never ends
    connection.sendall(HEAD + _chunk(JSON_START))
    for _ in range(300):
        connection.sendall(_chunk(b'{"s":{"type":"uri","value":"http://a"}},'))
        time.sleep(0.1)


def _query(port: int, limits: Limits) -> tuple[float, Refused]:
    started = time.monotonic()
    with pytest.raises(Refused) as refused:
        fetch(port, "GET", "/query?query=x", {}, b"", limits)
    return time.monotonic() - started, refused.value


def test_an_answer_broken_off_by_the_engine_is_504_not_a_truncated_200() -> None:
    with engine(_broken_off) as port:
        _, refused = _query(port, Limits(timeout=10))
    assert refused.status == 504 and refused.broken
    assert str(refused) == ("the query was cancelled by the server before its answer was "
                            "complete (timeout)")


@pytest.mark.parametrize("answer", [_stalled, _trickling], ids=["stalled", "trickling"])
def test_the_deadline_covers_the_whole_answer(answer: Callable[[socket.socket], None]) -> None:
    with engine(answer) as port:
        elapsed, refused = _query(port, Limits(timeout=1.5))
    assert refused.status == 504 and str(refused) == "the query ran over 1.5 s and was stopped"
    assert 1.4 < elapsed < 3
