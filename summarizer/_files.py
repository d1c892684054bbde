"""File helpers shared by the whole package: atomic writes (a crash or Ctrl-C never leaves half a
file behind) and the sha256 of a file, read in chunks so a large file is never held in memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

# mkstemp creates files 0600; a finished output gets what open() would give it under the umask
# (0644 by default). Read once, at import, in the main thread: os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
NEW_FILE_MODE = 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_stream(path: Path | str, *, binary: bool = False) -> Iterator[IO]:
    """Write a file (line by line if need be), atomically: a temp file renamed over ``path`` at the
    end, and removed instead if the block raises. UTF-8 text, or bytes with ``binary=True``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with (os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8")) as stream:
            yield stream
        os.chmod(temporary, NEW_FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    with atomic_stream(path) as stream:
        stream.write(text)


def file_sha256(path: Path) -> str:
    """Hex sha256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
