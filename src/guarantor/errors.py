"""One small hierarchy of errors that the CLI and web app turn into a clear message.

Every error names *where* (file, key path or sheet/row/column, line when known), *what* (the bad
value), *what is allowed*, and a hint. The CLI prints ``str(error)`` as one line and exits 2; the
web app answers 4xx with the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(eq=False)
class GuarantorError(Exception):
    """Base class: a user-facing problem with input, data or a request."""

    message: str
    file: str | Path | None = None
    key: str | None = None
    line: int | None = None
    value: object = None
    allowed: str | None = None
    hint: str | None = None
    #: Further problems found in the same input, reported together with this one.
    problems: tuple[GuarantorError, ...] = ()
    #: Exit code of the CLI for this kind of error (2: bad input; 1: could not write).
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        parts = [f"{where}{self.message}"]
        if self.key:
            parts.append(f"at {self.key}")
        if self.value is not None:
            shown = repr(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            parts.append(f"got {shown}")
        if self.allowed:
            parts.append(f"allowed: {self.allowed}")
        text = "; ".join(parts)
        if self.hint:
            text += f" (hint: {self.hint})"
        text = text.replace("\n", " ")
        if self.problems:
            text += f" [and {len(self.problems)} more]"
            text += "".join("\n" + str(p) for p in self.problems)
        return text

    def all(self) -> tuple[GuarantorError, ...]:
        """This problem and the others reported with it."""
        return (self, *self.problems)


class ScenarioError(GuarantorError):
    """A scenario, parameter or grid file is malformed or inconsistent."""


class DataError(GuarantorError):
    """A raw official file or the bundled snapshot is missing, truncated or not as expected."""


class LedgerError(GuarantorError):
    """A positions-ledger entry is malformed (unknown actor/topic, bad date, long quote...)."""


class IngestError(GuarantorError):
    """An article cannot be read (binary, wrongly encoded, over the size cap...)."""


class OutputError(GuarantorError):
    """An output could not be written (disk full, read-only, no permission); nothing partial."""

    exit_code = 1


class SolverError(GuarantorError):
    """The optimiser could not be run or returned an unexpected status."""
