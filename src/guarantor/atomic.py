"""Atomic outputs: nothing is ever half-written, and the files of one command appear together.

Every file guarantor writes goes to a hidden temporary file beside its target and is renamed over
it only once complete (:func:`staged_file`, :func:`write_text`). The files of one command (a
result's tables, the ``demo`` folder, a data snapshot) are written into a hidden temporary folder
beside the target folder and published with one rename (:func:`publishing`,
:func:`write_files`): on Linux the old and new folders are exchanged atomically
(``renameat2(RENAME_EXCHANGE)``), so a reader — or a ``kill -9`` — sees the old full set or the
new full set, never a mix. Elsewhere two renames are used and a crash between them is repaired on
the next run.

Temporaries carry the writing process's id (``.NAME.tmp-PID-XXXX``); a later run removes those
whose process is gone, and failures remove their own. An operating-system error (disk full,
read-only, no permission) becomes one :class:`~guarantor.errors.OutputError` line (exit code 1)
and the old outputs stay untouched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from guarantor.errors import GuarantorError, OutputError

_STALE = re.compile(r"^\.(?P<name>.+)\.(?:tmp|old)-(?P<pid>\d+)-[0-9a-f]+$")
_STALE_FILE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (then its temporaries are in use)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def _fail(error: type[GuarantorError], what: str, target: Path, exc: OSError) -> GuarantorError:
    """One clear line for a refused write; exit code 1 whatever the error class."""
    out = error(f"cannot write {what}: {exc.strerror or exc}", file=str(target),
                hint="nothing was changed; free space or choose another place with --out")
    out.exit_code = 1
    return out


def clean_stale(folder: Path, name: str) -> None:
    """Remove temporaries of ``name`` in ``folder`` left by processes that no longer run.

    A folder that was being swapped when its process died (``.NAME.old-PID-X`` present and
    ``NAME`` missing) is put back, so the old full set is what remains.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    target = folder / name
    for p in entries:
        m = _STALE.match(p.name) or _STALE_FILE.match(p.name)
        if m is None or m.group("name") != name or _alive(int(m.group("pid"))):
            continue
        try:
            if ".old-" in p.name and not target.exists():
                os.rename(p, target)
            elif p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
        except OSError:
            pass  # another run cleans it; never fail a command over a leftover


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False if
    the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _carry_over(old: Path, stage: Path) -> None:
    """Keep what the old folder held and the new set does not replace (hard links, no copies)."""
    for entry in old.iterdir():
        dest = stage / entry.name
        if dest.exists() or dest.is_symlink() or _STALE.match(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(dest))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


@contextmanager
def publishing(target: str | Path, *, what: str = "the outputs", keep_others: bool = True,
               error: type[GuarantorError] = OutputError) -> Iterator[Path]:
    """Yield a hidden folder to write a set of files into; publish it as ``target`` at the end.

    Parameters
    ----------
    target : str or Path
        The folder the outputs appear in. Its parent is created if missing.
    what : str
        What is written, for the message ("cannot write the outputs: No space left on device").
    keep_others : bool
        Keep files of the old ``target`` that the new set does not replace (so ``run --out``
        into one folder for several scenarios keeps each). False replaces the folder as a whole.
    error : GuarantorError subclass
        Raised (exit code 1, target named) when the operating system refuses a write.

    Until the block ends, ``target`` is untouched; when it ends with an error the hidden folder
    is removed and the error propagates.
    """
    out = Path(target)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if out.exists() and not out.is_dir():
            raise error(f"cannot write {what}: the target exists and is not a folder",
                        file=str(out), allowed="a folder (or a new name)")
        clean_stale(parent, out.name)
        stage = parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        stage.mkdir(mode=0o777)
    except OSError as exc:
        raise _fail(error, what, out, exc) from None
    try:
        yield stage
        if keep_others and out.is_dir():
            _carry_over(out, stage)
        os.chmod(stage, 0o777 & ~_umask())
        if not out.exists():
            os.rename(stage, out)
        elif _exchange(stage, out):
            shutil.rmtree(stage, ignore_errors=True)  # now the old set
        else:
            old = parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(out, old)
            os.rename(stage, out)
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise _fail(error, what, out, exc) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


@contextmanager
def staged_file(path: str | Path, error: type[GuarantorError] = OutputError,
                what: str = "file") -> Iterator[Path]:
    """Yield a hidden temporary path beside ``path``; rename it over ``path`` when the block
    succeeds.

    Parameters
    ----------
    path : str or Path
        The target; its folder is created if missing.
    error : GuarantorError subclass
        Raised (with the target named, exit code 1) when the operating system refuses.
    what : str
        What is written, for the message ("cannot write the report: ...").
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder, target.name)
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.{os.getpid()}.",
                                    suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise _fail(error, what, target, exc) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _fail(error, what, target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, error: type[GuarantorError] = OutputError,
               what: str = "file") -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; returns the path."""
    with staged_file(path, error, what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_files(out_dir: str | Path, writers: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    """Write the files of one result into ``out_dir``: all appear together or none does.

    ``writers`` maps a file name to a function that writes that file at the path it is given
    (e.g. ``lambda p: df.to_csv(p, index=False)``). Files are written into a hidden folder beside
    ``out_dir`` and published with :func:`publishing` (other files already in ``out_dir`` are
    kept), so a failure or a kill leaves the old files and no partial one.
    """
    out = Path(out_dir)
    with publishing(out, what="the outputs") as stage:
        for name, write in writers.items():
            write(stage / name)
    return [out / name for name in writers]
