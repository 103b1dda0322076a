"""The SPARQL endpoint: the real Oxigraph server (``oxigraph`` on PyPI), read-only, on loopback.

>>> " ".join(server_command(Path("/s"), "127.0.0.1", 7878, 30)[1:])
'serve-read-only --location /s --bind 127.0.0.1:7878 --union-default-graph --timeout-s 30'
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
