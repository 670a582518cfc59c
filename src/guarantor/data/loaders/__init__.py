"""Loaders for the official raw files, and the build of the bundled snapshot.

One module per publisher (:mod:`.sipri`, :mod:`.worldbank`, :mod:`.nato`, :mod:`.kiel`), the
sourced exchange rates (:mod:`.fx`) and :mod:`.build`, which turns a raw folder into the tidy,
sourced files of ``guarantor/data/snapshot`` (``guarantor data build --raw DIR``).
"""

from guarantor.data.loaders.kiel import load_kiel_explorer, load_kiel_release
from guarantor.data.loaders.nato import load_nato_tables
from guarantor.data.loaders.sipri import load_sipri_extract, load_sipri_workbook
from guarantor.data.loaders.worldbank import load_wdi_long, load_wdi_wide

__all__ = [
    "load_kiel_explorer",
    "load_kiel_release",
    "load_nato_tables",
    "load_sipri_extract",
    "load_sipri_workbook",
    "load_wdi_long",
    "load_wdi_wide",
]
