"""Data: every figure the model uses, as a sourced record, and the vocabularies it is keyed by.

- :mod:`~guarantor.data.countries` -- the country registry (codes, names, groups, memberships);
- :mod:`~guarantor.data.dataset` -- the bundled snapshot of official figures, with provenance;
- :mod:`~guarantor.data.capabilities` -- air-shield capability classes and inventories;
- :mod:`~guarantor.data.params` -- sourced, dated model parameters and the US postures;
- :mod:`~guarantor.data.sources` -- the source registry every record points to;
- :mod:`~guarantor.data.loaders` -- official raw files (SIPRI, World Bank, Kiel, NATO) -> snapshot.

The YAML and CSV files beside them (``registry/``, ``parameters/``, ``ledger/``, ``snapshot/``,
``capabilities.yaml``) are package data, read with :mod:`importlib.resources`.
"""
