"""Where a store lives: its folder, its live generation, and opening that read-only.

The reports, the endpoint and the exports need only this of the store; graph/store.py (the
build: rdflib, the derived facts, the clause alignment with NumPy and scikit-learn) imports in
about half a second, which every report paid before it opened the store.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

STORE_ENV = "POLICYKG_STORE"
CURRENT = "current"


class StoreNotFoundError(FileNotFoundError):
    """There is no built store in the directory."""


class StoreBusyError(RuntimeError):
    """Another build holds the store's write lock."""


class StorePathError(OSError):
    """The store path cannot hold a store: a file, a read-only folder, a folder of other things."""


class StoreSpaceError(OSError):
    """The disk filled up during a build (the build was undone)."""


def default_store_dir() -> Path:
    """The store directory: $POLICYKG_STORE, else ./.policykg/store."""
    return Path(os.environ.get(STORE_ENV) or Path(".policykg") / "store")


def live_dir(store_dir: Path | str | None = None) -> Path:
    """The directory of the live Oxigraph database (give it to ``oxigraph serve-read-only``)."""
    store_dir = Path(store_dir) if store_dir is not None else default_store_dir()
    link = store_dir / CURRENT
    if not link.is_symlink() or not link.resolve().is_dir():
        raise StoreNotFoundError(f"no store in {store_dir}; run `policykg build` first")
    return link.resolve()


def open_read_only(store_dir: Path | str | None = None) -> ox.Store:
    """Open the live generation read-only; several readers may run while a build writes."""
    return ox.Store.read_only(str(live_dir(store_dir)))
