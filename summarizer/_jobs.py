"""Running many independent jobs: a bounded thread pool, optionally in several worker processes.

A job is a function of no arguments returning a result (for `summarizer batch`, one article's
index record). Results are handed to ``on_result`` in the calling thread, one at a time, as the jobs
end, so the caller can write its index and progress without locks.

Threads overlap model calls, but parsing, grounding and writing need the GIL: past about 16
articles in flight one process spends more time queueing for it than the model takes to answer.
``workers > 1`` forks that many processes, each running its own thread pool, which hand their
results back over a pipe; the parent stays the only writer of the index.

Interrupts: on Ctrl-C nothing more is started, running jobs finish (a thread cannot be interrupted)
and are reported, then KeyboardInterrupt propagates. A second Ctrl-C stops worker processes at
once. A worker process that dies takes its running jobs with it: each is reported through
``on_lost`` instead, and the other workers go on with the rest.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Callable, Iterable, Sequence, TypeVar

R = TypeVar("R")
Job = Callable[[], R]


class WorkerFailed(RuntimeError):
    """A worker process stopped on an error that ends the whole run (say, the disk is full)."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def can_fork() -> bool:
    """Worker processes inherit the jobs by fork: none on Windows; macOS has it but Python avoids it."""
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


def run_threads(jobs: Iterable[Job], concurrency: int, on_result: Callable[[R], None]) -> None:
    """Run jobs at most ``concurrency`` at a time in threads of this process."""
    if concurrency <= 1:
        for job in jobs:
            on_result(job())
        return
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarizer-job")
    pending: set[Future] = set()
    try:
        for job in jobs:
            pending.add(pool.submit(job))
            # Submit lazily: a few queued jobs keep the threads busy without holding a million futures.
            while len(pending) >= 2 * concurrency:
                _report_finished(pending, on_result)
        while pending:
            _report_finished(pending, on_result)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                on_result(future.result())
        raise
    pool.shutdown(wait=True)


def _report_finished(pending: set[Future], on_result: Callable[[R], None]) -> None:
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        pending.discard(future)
        on_result(future.result())


def run_processes(jobs: Sequence[Job], workers: int, concurrency: int, on_result: Callable[[R], None],
                  on_lost: Callable[[int, str], R]) -> None:
    """Run ``jobs`` in ``workers`` forked processes, ``concurrency`` in flight in all (split evenly).

    The children inherit ``jobs`` by fork (nothing is pickled but the results), and take the next
    job index from a shared counter, so a slow article never holds up a fixed share of the rest.
    Each child sends its results down its own pipe as each job ends (no buffering thread that a
    crash could cut off). ``on_lost(i, reason)`` builds the result of job ``i`` when its worker died
    before reporting it.
    """
    from multiprocessing.connection import wait as wait_for

    context = multiprocessing.get_context("fork")
    next_index = context.Value("q", 0)
    stop = context.Event()
    per_worker = [concurrency // workers + (1 if w < concurrency % workers else 0) for w in range(workers)]
    children, readers = [], []
    for number, threads in enumerate(per_worker):
        if threads <= 0:
            continue
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_worker_main, args=(jobs, next_index, stop, writer, threads),
                                name=f"summarizer-worker-{number}", daemon=True)
        child.start()
        writer.close()  # the child's copy stays open: EOF here means the child has gone
        children.append(child)
        readers.append(reader)
    reported: set[int] = set()
    fatal: list[BaseException] = []

    def collect() -> None:
        while readers:
            for reader in wait_for(readers, timeout=1.0):
                try:
                    kind, payload = reader.recv()
                except (EOFError, OSError, pickle.UnpicklingError, ValueError, AttributeError, IndexError):
                    readers.remove(reader)  # exited (or died mid-message): nothing more comes from it
                    reader.close()
                    continue
                if kind == "result":
                    index, result = payload
                    reported.add(index)
                    on_result(result)
                elif kind == "fatal" and not fatal:
                    fatal.append(payload)
                    stop.set()

    try:
        collect()
    except KeyboardInterrupt:
        stop.set()  # the children ignore SIGINT: they finish what runs, report it, and exit
        try:
            collect()
        except KeyboardInterrupt:
            for child in children:
                child.terminate()
        raise
    finally:
        for child in children:
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
                child.join()
        for reader in readers:
            reader.close()
    if fatal:
        raise WorkerFailed(fatal[0])
    handed_out = min(next_index.value, len(jobs))
    crashed = ", ".join(str(child.exitcode) for child in children if child.exitcode)
    for index in range(handed_out):
        if index not in reported:
            on_result(on_lost(index, f"its worker process exited unexpectedly (exit code {crashed or '?'})"))
    for index in range(handed_out, len(jobs)):  # every worker died: the rest never started
        on_result(on_lost(index, "not run: every worker process exited"))


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies, however the parent dies (SIGKILL
    included), so no worker runs on alone. Linux only (prctl); elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker_main(jobs: Sequence[Job], next_index, stop, writer, concurrency: int) -> None:
    import threading

    die_with_parent()
    # Ctrl-C reaches the whole process group; the parent decides, and tells us through ``stop``.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sending = threading.Lock()

    def send(message: tuple) -> None:
        with sending:
            writer.send(message)

    def indexed_jobs() -> Iterable[Job]:
        while not stop.is_set():
            with next_index.get_lock():
                index = next_index.value
                if index >= len(jobs):
                    return
                next_index.value = index + 1
            yield lambda index=index: (index, jobs[index]())

    try:
        run_threads(indexed_jobs(), concurrency, lambda pair: send(("result", pair)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which ends the run
        send(("fatal", error if _picklable(error) else RuntimeError(str(error))))
    finally:
        writer.close()


def _picklable(error: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
        return True
    except Exception:  # noqa: BLE001
        return False
