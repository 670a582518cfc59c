"""guarantor: make a multinational security guarantee computable.

Who sends troops, who flies the air shield, who pays for the aid, what the US still supplies,
which rules apply — and whether that can be staffed, equipped and paid for, by whom, at what
share of each economy, with what uncertainty, and whose stated red lines it crosses.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("guarantor")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
