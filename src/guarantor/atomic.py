"""Atomic outputs: nothing is ever half-written.

Every file guarantor writes goes to a temporary file beside its target and is renamed over it
only once complete (:func:`staged_file`, :func:`write_text`); a set of files for one result is
written into a temporary folder inside the output folder and then moved into place
(:func:`write_files`). A failure removes the temporary and leaves any older file untouched, and
an operating-system error becomes the caller's :class:`~guarantor.errors.GuarantorError`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from guarantor.errors import GuarantorError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staged_file(path: str | Path, error: type[GuarantorError] = GuarantorError,
                what: str = "file") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` when the block succeeds.

    Parameters
    ----------
    path : str or Path
        The target; its folder is created if missing.
    error : GuarantorError subclass
        Raised (with the target named) when the operating system refuses.
    what : str
        What is written, for the message ("cannot write the report: ...").
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise error(f"cannot write {what}: {exc.strerror}", file=str(target)) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise error(f"cannot write {what}: {exc.strerror}", file=str(target)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, error: type[GuarantorError] = GuarantorError,
               what: str = "file") -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; returns the path."""
    with staged_file(path, error, what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_files(out_dir: str | Path, writers: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    """Write several files of one result into ``out_dir``, each moved into place when all exist.

    ``writers`` maps a file name to a function that writes that file at the path it is given
    (e.g. ``lambda p: df.to_csv(p, index=False)``). Files are written into a temporary folder
    inside ``out_dir`` first, so a failure leaves no partial file behind.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GuarantorError(f"cannot create output folder: {exc.strerror}", file=str(out)) \
            from None
    written: list[Path] = []
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        stage = Path(tmp)
        for name, write in writers.items():
            write(stage / name)
        for name in writers:
            os.replace(stage / name, out / name)
            written.append(out / name)
    return written
