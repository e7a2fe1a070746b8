"""Atomic output: a reader never sees a half-written map, report or export.

Used by every stage that writes a file (render, formats, cli). The file is written beside its
target and renamed over it, which is atomic on POSIX filesystems.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from argmap.errors import ArgmapError

__all__ = ["OutputError", "write_atomic"]


class OutputError(ArgmapError):
    """An output file could not be written."""


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename; return the path."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {err.strerror}") from None
    return target
