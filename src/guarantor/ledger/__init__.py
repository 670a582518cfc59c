"""The positions ledger (``positions.yaml``): dated, quoted, sourced statements of position.

See :mod:`guarantor.ledger.model` for the entry format, stance semantics and as-of logic.
"""

from guarantor.ledger.model import (
    STANCE_STRENGTH,
    STANCE_WANTS,
    Entry,
    Ledger,
    default_ledger_path,
    load_ledger,
    parse_ledger,
    parse_statement_date,
)

__all__ = [
    "STANCE_STRENGTH",
    "STANCE_WANTS",
    "Entry",
    "Ledger",
    "default_ledger_path",
    "load_ledger",
    "parse_ledger",
    "parse_statement_date",
]
