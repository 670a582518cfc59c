"""Politics: who objects, and which arrangements cross the fewest red lines.

- :mod:`~guarantor.data.actors` -- the actors whose positions are recorded;
- :mod:`~guarantor.politics.topics` -- the topics a scenario resolves, and their values;
- :mod:`~guarantor.politics.ledger` -- the positions ledger (dated, quoted, sourced statements);
- :mod:`~guarantor.politics.redlines` -- red lines crossed and preferences unmet, as of a date;
- :mod:`~guarantor.politics.arrangement` -- a scenario and its result as topic values;
- :mod:`~guarantor.politics.search` -- enumerate a scenario's open levers, rank arrangements.
"""
