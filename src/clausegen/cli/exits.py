"""How every failure of a command becomes one message and one exit code.

This is the one place the command line catches what goes wrong while a
command runs: a UsageProblem (a file or option the user gave) and an OSError
on the user's files or disk are exit 2 with the path and the reason; Ctrl-C
is 130 and SIGTERM 143, with one line; a closed pipe ends quietly with 141;
anything else is a bug in clausegen, exit 3. (A CompileError, the one
exception type for problems in a regime, is rendered by each command with
the files its diagnostics point into, and is exit 1.)
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from types import FrameType
from typing import ParamSpec

import click

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143  # 128 + SIGINT, SIGPIPE, SIGTERM
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS)

_P = ParamSpec("_P")


class UsageProblem(Exception):
    """A problem with how clausegen was called (missing file, bad option)."""


class Interrupted(BaseException):
    """Ctrl-C, raised where Python is; every `finally` cleans up on the way out.

    Not a KeyboardInterrupt: click turns those into "Aborted!" and exit 1
    when they come while it reads the arguments.
    """


class Terminated(Interrupted):
    """SIGTERM, handled as Ctrl-C is."""


def guarded(fn: Callable[_P, int]) -> Callable[_P, None]:
    """Run a command body; turn every failure into a message and an exit code.

    Problems of the user's files and disk (unreadable, unwritable, full) are
    exit 2 with the path and the reason; Ctrl-C is 130 and SIGTERM 143, with
    one line; a closed pipe (`clausegen dump x | head`) ends quietly with 141;
    anything else is a bug in clausegen, exit 3.
    """
    from ..outdir import OutputProblem, plain_reason

    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            code = fn(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
        except (UsageProblem, OutputProblem) as exc:
            click.echo(f"error: {exc}", err=True)
            code = EXIT_USAGE
        except (Interrupted, KeyboardInterrupt) as exc:
            code = stopped(exc)
        except BrokenPipeError:
            _silence_stdout()
            code = EXIT_PIPE
        except OSError as exc:
            if exc.filename:  # a file of the user's: say which, and why
                click.echo(f"error: {exc.filename}: {plain_reason(exc)}", err=True)
                code = EXIT_USAGE
            elif exc.errno in _DISK_ERRORS:  # e.g. stdout redirected to a full disk
                click.echo(f"error: {plain_reason(exc)}", err=True)
                code = EXIT_USAGE
            else:
                code = _internal_error(exc)
        except Exception as exc:
            code = _internal_error(exc)
        sys.exit(code)

    # Not functools.wraps: click reads the options the decorators above attach to the wrapper.
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _internal_error(exc: Exception) -> int:
    click.echo(f"internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
    return EXIT_INTERNAL


def stopped(exc: BaseException) -> int:
    """Say that clausegen was interrupted or terminated; the exit code that says so."""
    if isinstance(exc, Terminated):
        click.echo("terminated", err=True)
        return EXIT_TERMINATED
    click.echo("interrupted", err=True)
    return EXIT_INTERRUPTED


def catch_signals() -> Callable[[], object]:
    """Ctrl-C raises Interrupted and SIGTERM Terminated while clausegen runs; return the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_int(signum: int, frame: FrameType | None) -> None:
        raise Interrupted()

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise Terminated()

    previous = {
        sig: signal.signal(sig, handler) for sig, handler in ((signal.SIGINT, on_int), (signal.SIGTERM, on_term))
    }
    return lambda: [signal.signal(sig, old) for sig, old in previous.items()]


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not complain of the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests): nothing to silence
        pass
