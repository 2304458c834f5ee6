"""The compiled-template cache, kept so that nobody else can put code into it.

Jinja's bytecode cache stores marshalled Python code: whoever can write a
cache file runs code in the next build. So this cache is used only when its
folder, and every folder above it, cannot be changed by another user (owned
by us or root, not group- or world-writable unless sticky like /tmp), and a
cache file is read only when it is a regular file we own that nobody else
may write. It is checked before every read and write. A file is also
matched to its clause by the SHA-1 of the clause's text, compared as bytes
before anything is unmarshalled (Jinja's own loader unpickles first), and
the folder name carries the Jinja and Python versions and the sandbox's
compiled form. Writes go to a temporary file renamed into place.

$CLAUSEGEN_CACHE_DIR picks the folder; an empty value turns the cache off.
Anything unsafe or failing simply means no cache.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import stat
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2 import __version__ as _JINJA
from jinja2.bccache import Bucket, bc_magic

from ..outdir import replace_file
from .sandbox import COMPILED_FORM

#: cache files are a few kilobytes; anything bigger is not ours
_MAX_CACHE_FILE = 4_000_000


def bytecode_cache() -> SafeBytecodeCache | None:
    """The cache for this user, or None when there must be none."""
    root = os.environ.get("CLAUSEGEN_CACHE_DIR")
    if root == "":
        return None
    try:
        base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clausegen"
        folder = base / f"jinja-{_JINJA}-py{sys.version_info[0]}.{sys.version_info[1]}-{COMPILED_FORM}"
        base.parent.mkdir(parents=True, exist_ok=True)
        for f in (base, folder):
            try:
                f.mkdir(mode=0o700)
            except FileExistsError:
                pass
        if not safe_folder(folder):
            return None
    except (OSError, RuntimeError, KeyError, ValueError):  # no home folder, read-only disk: no cache
        return None
    return SafeBytecodeCache(str(folder))


def safe_folder(folder: Path, parents: bool = True) -> bool:
    """True when no other user can add, replace or change files in `folder`
    (and, with `parents`, rename it or a folder above it)."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is None:
        return False  # no owners to check (Windows): no cache
    try:
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o022:
            return False
        for parent in Path(os.path.realpath(folder)).parents if parents else ():
            pst = os.stat(parent)
            if pst.st_uid not in (uid, 0):
                return False
            if pst.st_mode & 0o022 and not pst.st_mode & stat.S_ISVTX:
                return False
    except OSError:
        return False
    return True


class SafeBytecodeCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache that checks owners and modes, and never unpickles.

    The folders above were checked when the cache was made (only their
    owners, us or root, could change them since); the folder itself is
    checked again before every read and write, each file as it is opened.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket with its cached code, when the cache file is ours and its checksum holds."""
        if not safe_folder(Path(self.directory), parents=False):
            return
        name = self._get_cache_filename(bucket)
        try:
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if (
                not stat.S_ISREG(st.st_mode)
                or st.st_uid != os.getuid()
                or st.st_mode & 0o022
                or st.st_size > _MAX_CACHE_FILE
            ):
                return
            data = f.read(_MAX_CACHE_FILE + 1)
        # The header is Jinja's: magic, then the pickled checksum of the source.
        # Compare it as bytes: a file for other text (or a forged one) is skipped
        # without unpickling anything.
        header = bc_magic + pickle.dumps(bucket.checksum, 2)
        if not data.startswith(header):
            return
        try:
            code = marshal.loads(data[len(header) :])
        except (EOFError, ValueError, TypeError):
            return
        if type(code).__name__ == "code":
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the bucket's compiled code for the next run, with its checksum."""
        if not safe_folder(Path(self.directory), parents=False):
            return
        name = self._get_cache_filename(bucket)
        data = io.BytesIO()
        bucket.write_bytecode(data)
        try:
            replace_file(Path(name), data.getvalue(), mode=None, prefix=".tmp-")  # private: mode 0600
        except OSError:
            pass
