"""Data: every figure the model uses, as a sourced record, and the vocabularies it is keyed by.

- :mod:`~guarantor.data.countries` -- the country registry (codes, names, groups, memberships);
- :mod:`~guarantor.data.dataset` -- the bundled snapshot of official figures, with provenance;
- :mod:`~guarantor.data.capabilities` -- air-shield capability classes and inventories;
- :mod:`~guarantor.data.params` -- sourced, dated model parameters and the US postures;
- :mod:`~guarantor.data.sources` -- the source registry every record points to;
- :mod:`~guarantor.data.loaders` -- official raw files (SIPRI, World Bank, Kiel, NATO) -> snapshot.

The YAML and CSV files beside them (``registry/``, ``parameters/``, ``ledger/``, ``snapshot/``,
``capabilities.yaml``) are package data, read from :data:`DATA_DIR`.
"""

from pathlib import Path

#: This package's folder, where its data files are. A plain path rather than
#: ``importlib.resources.files``: the package is installed as files (the compiled cache hashes
#: them by path, :mod:`guarantor.data.compiled`), and importing ``importlib.resources`` (with
#: ``tempfile``, ``shutil`` and the compression modules it pulls in) is a cost every run paid
#: for modules that, with the cache warm, read no file.
DATA_DIR = Path(__file__).resolve().parent

