"""OUTDIR/index.jsonl, the batch's record of every article (format and last-line-wins rules in the
package docstring): the Record one line holds, reading the file, and the Index a run appends to,
compacts, and holds the output folder's lock through."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from .._files import atomic_write_text
from .errors import BatchError

INDEX_NAME = "index.jsonl"
LOCK_NAME = ".summarizer.lock"  # held by the run writing to OUTDIR


@dataclass
class Record:
    """One line of index.jsonl (see the package docstring)."""

    path: str
    status: str  # "ok", "failed" or "skipped"
    sha256: str | None = None
    error: str | None = None
    tokens: int = 0
    attempts: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    key: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def read_index(path: Path) -> dict[str, dict]:
    """The index as {path: last line for that path}; unreadable lines (a crash mid-write) are ignored."""
    records: dict[str, dict] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return records
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("path"), str):
            records[record["path"]] = record
    return records


class Index:
    """OUTDIR/index.jsonl: compacted on open and close, appended to in between. Thread-safe."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._stream: TextIO | None = None
        self._owner: TextIO | None = None

    def open(self) -> dict[str, dict]:
        """Take the folder for this run, compact the index and start appending; returns the
        earlier runs' records. A second run on the same folder is refused: it would lose index
        lines and pay for every article twice."""
        try:
            self._take_folder()
            previous = self.compact()
            self._stream = self.path.open("a", encoding="utf-8")
        except OSError as error:  # a full or read-only output disk: nothing can be kept, so say so now
            self._release()
            raise BatchError(f"{self.path.parent}: cannot write ({error.strerror or error})") from None
        return previous

    def _take_folder(self) -> None:
        lock_path = self.path.with_name(LOCK_NAME)
        owner = lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner.seek(0)
            holder = owner.read().strip() or "?"
            owner.close()
            raise BatchError(f"{self.path.parent}: another summarizer batch (pid {holder}) is writing to this "
                             f"folder; wait for it or use another --output-dir") from None
        owner.seek(0)
        owner.truncate()
        owner.write(str(os.getpid()))
        owner.flush()
        self._owner = owner  # the lock lasts as long as this file is open, and dies with the process

    def append(self, record: Record) -> None:
        with self._lock:
            assert self._stream is not None, "Index.open() first"
            try:
                self._stream.write(record.to_json() + "\n")
                self._stream.flush()
            except OSError as error:  # the output disk filled up: every later article would be lost too
                raise BatchError(f"{self.path}: cannot write ({error.strerror or error})") from None

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                with contextlib.suppress(OSError):  # a full disk fails the final flush; lines before it are kept
                    self._stream.close()
                self._stream = None
        # If compacting fails (say, the disk is full) the appended file is still a valid index.
        with contextlib.suppress(OSError):
            self.compact()
        self._release()

    def _release(self) -> None:
        if self._owner is not None:
            with contextlib.suppress(OSError):
                self._owner.close()
            self._owner = None

    def compact(self) -> dict[str, dict]:
        records = read_index(self.path)
        if records or self.path.exists():
            lines = [json.dumps(records[p], ensure_ascii=False) for p in sorted(records)]
            atomic_write_text(self.path, "".join(line + "\n" for line in lines))
        return records


def prepare_output_folder(out: Path) -> Index:
    """Create ``out`` if need be; its index, not yet opened."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BatchError(f"{out}: cannot create the output folder ({error.strerror or error})") from None
    return Index(out / INDEX_NAME)
