"""Writing a regime's output folder so that all its files change together.

A build's files are first written into a hidden sibling folder,
`.<name>.clausegen-tmp-<pid>`, which starts as hard links to the files the
folder already has (so a partial build keeps the other documents, and files
that did not change keep their timestamps). The new folder is then swapped
with the old one in one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere
two renames) and the old one removed. A reader, or a build killed at any
moment, therefore sees the old set of documents or the new one, never a mix.
A killed build can leave its hidden folder behind; the next build into the
same place removes the leftovers of processes that no longer run.

Files are created with mode 0666 and folders 0777, less the umask, as any
other program's files are.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

TMP_TAG = ".clausegen-tmp-"
OLD_TAG = ".clausegen-old-"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.clausegen-(?P<kind>tmp|old)-(?P<pid>\d+)$")

# Plain words for the errors a user can do something about.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder",
    errno.EEXIST: "a file of that name is in the way",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many open files",
    errno.EIO: "input/output error (is the disk failing?)",
}


class OutputProblem(Exception):
    """A file clausegen cannot write: the path and the reason, in words."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = str(path), reason


def plain_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words ("permission denied")."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold `files` (name -> bytes), all changed at once.

    Files of the folder that are not in `files` stay. Nothing happens when
    every file already has these bytes. Raises OutputProblem naming the
    file or folder that could not be written.
    """
    names = list(files)
    if folder.is_symlink():  # write where the link points; the link stays as the user made it
        folder = Path(os.path.realpath(folder))
    target: Path = folder  # what the user is told could not be written
    tmp = folder.parent / f".{folder.name}{TMP_TAG}{os.getpid()}"
    made = False
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        sweep(folder.parent)
        if os.path.lexists(folder) and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
        old = folder if folder.is_dir() else None
        unchanged = {n for n in names if old is not None and _same(old / n, files[n])}
        if len(unchanged) == len(names):
            return  # nothing changed: leave the folder (and its timestamps) alone
        target = folder / names[0] if names else folder
        if old is not None and not os.access(old, os.W_OK):
            # the swap would succeed in a writable parent; a folder someone
            # made read-only is not ours to replace
            raise PermissionError(errno.EACCES, "permission denied", str(target))
        _remove(tmp)  # a leftover of an earlier process that had our pid
        os.mkdir(tmp)
        made = True
        if old is not None:
            os.chmod(tmp, old.stat().st_mode & 0o7777)  # the folder keeps the mode it had
            _link_others(old, tmp, skip=set(names) - unchanged)
        for name in names:
            if name not in unchanged:
                target = folder / name
                _write_new(tmp / name, files[name])
        target = folder
        _swap(tmp, folder)  # after this, `tmp` names the old folder (or nothing)
        _remove(tmp)
        made = False
    except OSError as exc:
        raise OutputProblem(target, plain_reason(exc)) from None
    finally:
        if made:  # failed or interrupted before the swap: leave no trace
            _remove(tmp)


def sweep(parent: Path) -> int:
    """Remove what builds that no longer run left in `parent`; return how many.

    A `-tmp-` folder is an unfinished build (or an old folder waiting for
    removal) and goes. An `-old-` folder is the previous version moved aside
    by the two-rename fallback: it goes back in place if the folder is
    missing, or is removed otherwise.
    """
    removed = 0
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return 0
    for entry in entries:
        m = _LEFTOVER.match(entry.name)
        if not m:
            continue
        pid = int(m["pid"])
        if pid == os.getpid() or _running(pid, entry.path):
            continue  # ours (another thread's build, perhaps) or a build still running
        home = parent / m["name"]
        try:
            if m["kind"] == "old" and not os.path.lexists(home):
                os.rename(entry.path, home)
            else:
                _remove(Path(entry.path))
        except OSError:
            continue  # another build got there first, or it is not ours to remove
        removed += 1
    return removed


def _remove(path: Path) -> None:
    """Remove a file, link or folder tree if it is there."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        import shutil  # not at the top: `check` imports this module for its error messages only

        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int, path: str) -> bool:
    """Whether the build that made a leftover may still be writing it."""
    if os.name != "posix":  # no safe liveness probe: wait an hour before sweeping
        import time

        try:
            return time.time() - os.lstat(path).st_mtime < 3600
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_others(old: Path, new: Path, skip: set[str]) -> None:
    """Bring the old folder's entries into the new one, except those in `skip`.

    Hard links cost nothing and keep timestamps; where links are not
    possible (some network and FAT disks), files are copied.
    """
    import shutil  # not at the top: `check` imports this module for its error messages only

    for entry in os.scandir(old):
        if entry.name in skip or _LEFTOVER.match(entry.name):
            continue
        dest = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), dest)
        elif entry.is_dir():
            shutil.copytree(entry.path, dest, symlinks=True)
        else:
            try:
                os.link(entry.path, dest)
            except OSError:
                shutil.copy2(entry.path, dest)


def replace_file(path: Path, data: bytes, mode: int | None = 0o644, prefix: str = "") -> None:
    """Write one file whole or not at all: a hidden temporary sibling, then one rename.

    A reader sees the old file or the new one, never half of one; on any
    failure the temporary file is removed and the error passes on. `mode`
    None keeps mkstemp's 0600 (a private cache file).
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Create a new file (mode 0666 less the umask) holding `data`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _swap(new: Path, folder: Path) -> None:
    """Put `new` where `folder` is; the old folder ends up under `new`'s name."""
    if not os.path.lexists(folder):
        os.rename(new, folder)
        return
    if _exchange(new, folder):
        return
    old = folder.parent / f".{folder.name}{OLD_TAG}{os.getpid()}"
    _remove(old)
    os.rename(folder, old)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(old, folder)
        raise
    os.rename(old, new)  # so the caller removes it like the exchanged one


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # C library without it (old glibc)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # kernel or file system without exchange: two renames instead
    raise OSError(err, os.strerror(err), str(b))
