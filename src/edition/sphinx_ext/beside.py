"""Work done beside the build, in a forked process, while Sphinx writes the pages.

Sphinx's serial build keeps one core busy; work that needs only the edition's data, not
Sphinx's pages (the files for other tools), can run on another meanwhile, and the build
waits for it at its end. The process is forked where Sphinx itself forks for parallel
builds (:data:`sphinx.util.parallel.parallel_available`); elsewhere the caller does the
work in the build's own process.

The child never returns into its parent's code (Sphinx's, or a test runner's): it reports
through a pipe, with nothing when the work is done or with the exception it raised, which
the build raises in turn when it waits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from sphinx.util import parallel


@dataclass(frozen=True)
class Beside:
    """A child process at work, and the end of the pipe it reports through."""

    pid: int
    report: int  # a file descriptor, read once


def start_beside(work: Callable[[], None]) -> Beside | None:
    """``work`` started in a forked process; None where this platform does not fork (the
    caller then does the work itself)."""
    if not parallel.parallel_available:
        return None
    report, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(report)
            try:
                work()
                message = b""
            except BaseException as exc:  # told to the parent, raised there
                message = _report(exc)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(message)
            status = 0
        finally:
            # Not sys.exit: no atexit handler, no buffered output of the parent's written
            # again, no return into the code that called the build.
            os._exit(status)
    os.close(writer)
    return Beside(pid, report)


def wait_beside(beside: Beside) -> None:
    """Wait for the work to end; the exception it raised, raised here."""
    with os.fdopen(beside.report, "rb") as pipe:
        message = pipe.read()
    _, status = os.waitpid(beside.pid, 0)
    if message:
        where, pickled = pickle.loads(message)
        raised: BaseException = RuntimeError(f"raised beside the build:\n{where}")
        if pickled is not None:
            with contextlib.suppress(Exception):  # arguments that do not make it again
                raised = pickle.loads(pickled)
        raise raised
    if status != 0:
        raise RuntimeError(f"the work done beside the build ended early ({_ending(status)})")


def _report(exc: BaseException) -> bytes:
    """Where in the child the exception was raised, and the exception, pickled apart (it
    is unpickled in the parent if it can be), or None if it cannot be pickled."""
    where = "".join(traceback.format_exception(exc)).rstrip()
    exc.add_note(f"(raised beside the build)\n{where}")
    try:
        pickled: bytes | None = pickle.dumps(exc)
    except Exception:
        pickled = None
    return pickle.dumps((where, pickled))


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
