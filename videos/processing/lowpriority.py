"""Run slow processing in a child process at low CPU and I/O priority.

A transcode takes minutes of CPU; run in the worker's own process it would compete with
go-live jobs on equal terms. :func:`run_low_priority` starts a child that holds no copy
of the worker's threads, connections or locks, lowers its priority
(``os.nice(LOW_PRIORITY_NICENESS)``, and the idle I/O class on Linux, as ``ionice -c 3``
does), runs the function there and hands back its result or its exception.

Children come from a fork server (:mod:`multiprocessing`'s ``forkserver``): a clean
process, started by the first call and kept for the caller's lifetime, which imports
Django and PyAV and sets Django up once (``PRELOAD``), then forks a child per call. A
child so starts in milliseconds where a ``spawn`` would take about a second to set
Django up again (measured in ``bench/videos.py``). The fork server exits when the
process that started it does, and a child dies with the fork server (Linux
``PR_SET_PDEATHSIG``): a worker killed mid-job leaves no transcode running. A child is
killed if the caller is interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from videos.processing.probe import ProbeResult
from videos.processing.transcode import transcode

#: Added to the child's nice value (0 to 19; 19 is the lowest priority).
LOW_PRIORITY_NICENESS = 15
#: ``ioprio_set`` system call numbers by machine (Linux); other machines skip the I/O class.
IOPRIO_SET = {"x86_64": 251, "aarch64": 30}
IOPRIO_WHO_PROCESS = 1
IOPRIO_CLASS_IDLE = 3
IOPRIO_CLASS_SHIFT = 13
PR_SET_PDEATHSIG = 1
#: Imported by the fork server before it forks any child.
PRELOAD = ["videos.processing.preload"]


class ProcessingInterrupted(Exception):  # noqa: N818 (the name says what happened)
    """The child process ended without a result (killed, out of memory…). Its outputs,
    written under temporary names, are not final: the job can be run again."""

    def __init__(self, exitcode: int | None):
        if exitcode is not None and exitcode < 0:
            message = _("Le traitement a été interrompu (signal %(signal)s).") % {
                "signal": signal.Signals(-exitcode).name
            }
        else:
            message = _("Le traitement s'est arrêté sans résultat (code %(code)s).") % {
                "code": exitcode
            }
        super().__init__(message)
        self.exitcode = exitcode

    def __reduce__(self):
        return type(self), (self.exitcode,)


def run_low_priority(
    function: Callable[..., Any],
    *args: Any,
    progress: Callable[[float], None] | None = None,
    niceness: int = LOW_PRIORITY_NICENESS,
    **kwargs: Any,
) -> Any:
    """``function(*args, **kwargs)`` run in a child process at low priority; its result.

    ``function`` must be importable by name (a module-level function) and its arguments
    and result picklable. If ``progress`` is given, ``function`` is also passed a
    ``progress`` callable, whose calls in the child are relayed to ``progress`` here.
    An exception raised by ``function`` is raised here (with the child's traceback as a
    note); a child that dies without answering raises :class:`ProcessingInterrupted`.
    Blocks until the child ends; if the caller is interrupted (an exception, SIGTERM
    turned into one), the child is killed.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, niceness, function, args, kwargs, progress is not None),
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, value = receiver.recv()
            except EOFError:
                break
            if kind == "progress":
                progress(value)
            elif kind == "result":
                return value
            else:
                raise value
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    raise ProcessingInterrupted(child.exitcode)


def transcode_in_subprocess(
    path: Path | str,
    outputs: dict[int, Path],
    progress: Callable[[float], None] | None = None,
    info: ProbeResult | None = None,
) -> dict:
    """:func:`~videos.processing.transcode.transcode` run by :func:`run_low_priority`:
    same arguments, result and exceptions, plus :class:`ProcessingInterrupted`."""
    return run_low_priority(transcode, Path(path), dict(outputs), progress=progress, info=info)


def _child_main(sender, niceness, function, args, kwargs, report_progress) -> None:
    _die_with_parent()
    os.nice(niceness)
    _idle_io_priority()
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django

        django.setup()  # for gettext: messages are translated in the child
    if report_progress:
        kwargs["progress"] = lambda fraction: sender.send(("progress", fraction))
    try:
        result = function(*args, **kwargs)
    except Exception as error:
        error.add_note("Child process traceback:\n" + traceback.format_exc())
        try:
            sender.send(("error", error))
        except Exception:  # an exception that does not pickle
            sender.send(("error", RuntimeError(traceback.format_exc())))
    else:
        sender.send(("result", result))
    finally:
        sender.close()


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the fork server) dies (no-op
    elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _idle_io_priority() -> None:
    """Put this process in the idle I/O class (Linux; no-op where unknown)."""
    number = IOPRIO_SET.get(os.uname().machine)
    if number is None:
        return
    value = IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT
    with contextlib.suppress(OSError, AttributeError):
        _libc().syscall(number, IOPRIO_WHO_PROCESS, 0, value)
