"""Output files written safely: a complete new file renamed over a regular file, or one sentence.

Only a regular file (or a new path) is ever replaced: a folder, device, FIFO or socket at the
path is an error, and a symlink is followed so the link keeps pointing at the new file. A new
file gets the user's umask (mkstemp alone would leave it 0600); a replaced one keeps its mode.
Temporary files are named after the target and the writing process, removed on any failure,
and found and removed by the next write to the same folder when a killed process left them.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_MARK = ".policykg-tmp-"


class OutputError(ValueError):
    """The output path cannot be written; the message is one sentence naming it."""


def write_output(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written (a symlink's target).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_output(folder / "a" / "page.html", b"<p>x</p>").read_bytes()
    b'<p>x</p>'
    >>> write_output("", b"")
    Traceback (most recent call last):
    ...
    policykg.queries.output_file.OutputError: the output path is empty
    """
    with open_output(path) as (handle, target):
        handle.write(data)
    return target


@contextlib.contextmanager
def open_output(path: str | Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A temporary file beside ``path`` to stream into, and the path it replaces on success.

    Leaving the block normally renames the complete file over ``path``; an exception removes
    it and leaves ``path`` as it was (an OSError becomes an OutputError naming the file).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with open_output(folder / "rows.csv") as (handle, target):
    ...     _ = handle.write(b"a,b\\n")
    >>> target.read_bytes()
    b'a,b\\n'
    """
    target = _target(path)
    _make_parent(target)
    remove_leftovers(target.parent)
    mode = _mode(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-",
                                    dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write in {target.parent}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, target
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {target}: {error.strerror}") from None
        raise


def _target(path: str | Path) -> Path:
    if str(path).strip() == "":
        raise OutputError("the output path is empty")
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except NotADirectoryError:
        raise OutputError(f"cannot write {path}: {_file_in_the_way(target)} is a file, "
                          "not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"cannot write {path}: it is {_kind(info.st_mode)}, not a regular "
                          "file, and is never replaced")
    return target


def _file_in_the_way(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            return parent
    return path.parent


def _kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def _make_parent(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"cannot write {target}: {_file_in_the_way(target)} is a file, "
                          "not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot create the folder {target.parent}: {error.strerror}") from None


def _mode(target: Path) -> int:
    """The existing file's mode, else what the umask gives a new file."""
    with contextlib.suppress(FileNotFoundError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_LEFTOVER = re.compile(rf"^\..+{re.escape(TEMP_MARK)}(\d+)-")


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files in ``folder`` whose writing process no longer runs; return them."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _LEFTOVER.match(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _alive(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
