"""guarantor: make a multinational security guarantee computable.

Who sends troops, who flies the air shield, who pays for the aid, what the US still supplies,
which rules apply — and whether that can be staffed, equipped and paid for, by whom, at what
share of each economy, with what uncertainty, and whose stated red lines it crosses.
"""

#: The package version, written here only: ``pyproject.toml`` reads it (``dynamic``), so the
#: installed metadata and this agree, and no run pays for an ``importlib.metadata`` lookup.
__version__ = "0.1.0"

__all__ = ["__version__"]
