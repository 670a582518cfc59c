"""From an evaluated arrangement to the political topics; the red-line check of a scenario.

The engine answers *can it be staffed, equipped and paid for*; the ledger says *who objects to
what*. :func:`topic_inputs` turns a scenario and the engine's arrays into the flat
:class:`~guarantor.politics.topics.TopicInputs` the topic resolvers read, vectorised over the
engine's first axis (draws, or candidate arrangements in :mod:`guarantor.politics.search`):

========================== =========================================================================
topic input                from
========================== =========================================================================
troops_deployed            troops actually allocated to the reassurance force, summed over countries
nato_countries_with_troops NATO members (in the start year) among the participants allocated troops
europe_aid_share           aid given by donors in Kiel's Europe group (EU members, EU institutions,
                           other European states; ``data.donors``) over the requirement (1 when
                           the arrangement has no aid); Canada, Japan, Australia, Korea, New
                           Zealand and an unfilled gap are not Europe
us_posture                 the scenario's US posture
policy flags, target share the scenario's ``policy`` block
========================== =========================================================================

Using *allocated* troops (not the requirement) means a force nobody can staff deploys nobody, and
crosses no red line on foreign troops.

:func:`redlines` is the whole check of one scenario: evaluate it (or take a given result), resolve
the topics, compare with every actor's latest statement as of a date.

Examples
--------
>>> from datetime import date
>>> from guarantor.scenario import load_scenario
>>> rep = redlines(load_scenario("feb2025"), as_of=date(2025, 12, 31))
>>> rep.actor("USA").red_lines_crossed
()
>>> "foreign_troops_in_protected_state" in {f.topic for f in rep.actor("RUS").red_lines_crossed}
True
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from guarantor.politics.topics import TopicInputs

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from guarantor.engine import ModelInputs, Outputs, Result
    from guarantor.politics.ledger import Ledger
    from guarantor.politics.redlines import RedLineReport
    from guarantor.scenario import Scenario


def _registry_codes() -> tuple[str, ...]:
    from guarantor.data.countries import registry

    return tuple(registry().codes)


def nato_mask(scenario: Scenario) -> np.ndarray:
    """(C,) bool: registry countries that are NATO members in the scenario's start year."""
    from guarantor.data.countries import registry

    reg = registry()
    return np.array([reg[c].nato_member(scenario.start_year) for c in reg.codes], dtype=bool)


def europe_mask(codes: tuple[str, ...] | list[str], year: int) -> np.ndarray:
    """(C,) bool: countries in Kiel's Europe donor group in ``year`` (``data.donors``)."""
    from guarantor.data.donors import donor_groups

    groups = donor_groups()
    return np.array([groups.group(c, year) == "europe" for c in codes], dtype=bool)


def europe_aid_share(aid: np.ndarray, aid_required: np.ndarray, europe: np.ndarray) -> np.ndarray:
    """Share of the aid requirement that European donors give [fraction, 0..1].

    Europe as the Kiel Ukraine Support Tracker groups donors (EU members, EU institutions and the
    other European states; ``registry/donor_groups.yaml``), not "everyone but the US": aid from
    Canada, Japan, Australia, Korea or New Zealand, and any part left unfunded, is not Europe's.

    Parameters
    ----------
    aid : ndarray, shape (D, C)
        [EUR per year] aid allocated to each country (the engine's ``Outputs.aid``).
    aid_required : ndarray, shape (D,)
        [EUR per year] the annual requirement.
    europe : ndarray of bool, shape (C,)
        Countries in the Europe donor group (:func:`europe_mask`).

    Returns
    -------
    ndarray, shape (D,)
        ``sum(aid[europe]) / aid_required``, clipped to 0..1; 1 where nothing is required.

    Examples
    --------
    >>> aid = np.array([[20.0, 5.0, 10.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> europe_aid_share(aid, np.array([40.0, 40.0, 0.0]), np.array([True, False, True])).tolist()
    [0.75, 0.0, 1.0]
    """
    a = np.nan_to_num(np.asarray(aid, dtype=float))
    req = np.asarray(aid_required, dtype=float)
    eu = (a * np.asarray(europe, dtype=bool)[None, :]).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(req > 0, eu / np.where(req > 0, req, 1.0), 1.0)
    return np.clip(np.nan_to_num(share, nan=1.0), 0.0, 1.0)


def topic_inputs(
    scenario: Scenario,
    outputs: Outputs,
    inputs: ModelInputs | None = None,
) -> TopicInputs:
    """What the topic resolvers read, for every draw / arrangement of an evaluation.

    Parameters
    ----------
    scenario : Scenario
        The arrangement (US posture and ``policy`` flags are taken from it).
    outputs : Outputs
        The engine's arrays; ``troops`` (D, C) [persons], ``aid`` (D, C) and ``aid_required``
        (D,) [EUR per year].
    inputs : ModelInputs, optional
        Supplies the (C,) NATO-membership and Europe-donor masks; derived from the country
        registry, the donor groups and the scenario's start year when omitted.

    Returns
    -------
    TopicInputs
        ``troops_deployed``, ``nato_countries_with_troops`` and ``europe_aid_share`` are (D,)
        arrays; the posture and the flags are scalars (they broadcast).
    """
    nato = inputs.nato_member if inputs is not None else nato_mask(scenario)
    europe = (inputs.europe_donor if inputs is not None and inputs.europe_donor is not None
              else europe_mask(_registry_codes(), scenario.start_year))
    troops = np.asarray(outputs.troops, dtype=float)
    with_troops = (troops > 0) & np.asarray(nato, dtype=bool)[None, :]
    pol = scenario.policy
    return TopicInputs(
        us_posture=scenario.us_posture,
        us_troops_in_protected_state=pol.us_troops_in_protected_state,
        article5_for_deployed_forces=pol.article5_for_deployed_forces,
        nato_membership_for_protected_state=pol.nato_membership_for_protected_state,
        pre2014_borders_objective=pol.pre2014_borders_objective,
        guarantees_agreed_with_adversary=pol.guarantees_agreed_with_adversary,
        troops_deployed=troops.sum(axis=-1),
        nato_countries_with_troops=with_troops.sum(axis=-1),
        europe_aid_share=europe_aid_share(outputs.aid, outputs.aid_required, europe),
        spending_target_share=pol.spending_target_share,
        nato_led_mission=pol.nato_led_mission,
        territorial_concessions=pol.territorial_concessions,
        economic_pressure_on_adversary=pol.economic_pressure_on_adversary,
        europe_in_negotiations=pol.europe_in_negotiations,
    )


def default_as_of(ledger: Ledger) -> date:
    """The date of the ledger's latest statement: the check "as the ledger stands".

    Equivalent to today for the verdicts (no later statement exists), but reproducible.
    """
    return max(e.when for e in ledger.entries)


def judgement_date(scenario: Scenario, ledger: Ledger, as_of: date | None = None) -> date:
    """The one clock of every date-dependent judgement: ``as_of`` (``--as-of``), else the
    scenario's ``as_of``, else the ledger's latest statement (:func:`default_as_of`).

    Never the wall clock: the same scenario gives the same verdicts on any day.
    """
    if as_of is not None:
        return as_of
    if scenario.as_of is not None:
        return scenario.as_of
    return default_as_of(ledger)


def redlines(
    scenario: Scenario,
    as_of: date | None = None,
    result: Result | None = None,
    *,
    ledger: Ledger | None = None,
    weights: Mapping[str, float] | None = None,
) -> RedLineReport:
    """Check one scenario against every actor's latest statements.

    Parameters
    ----------
    scenario : Scenario
        The arrangement.
    as_of : date, optional
        Only statements made on or before this date count (default: the scenario's ``as_of``,
        else the ledger's latest date; see :func:`judgement_date`).
    result : Result, optional
        An evaluation of ``scenario`` to reuse (evaluated here when omitted); draw 0 is checked.
    ledger : Ledger, optional
        The positions ledger (default: the bundled one).
    weights : mapping of str to float, optional
        Weight per actor for :attr:`RedLineReport.weighted_crossed` [>= 0, default 1].

    Returns
    -------
    RedLineReport
        Per actor: red lines crossed, preferences unmet, met, unresolved, each with its quote and
        source, and a one-line verdict.
    """
    from guarantor.engine import evaluate
    from guarantor.politics.ledger import load_ledger
    from guarantor.politics.redlines import check
    from guarantor.politics.topics import resolve

    ledger = ledger if ledger is not None else load_ledger()
    result = result if result is not None else evaluate(scenario)
    resolved = resolve(topic_inputs(scenario, result.outputs, result.inputs))
    return check(resolved, ledger, judgement_date(scenario, ledger, as_of), weights)


__all__ = [
    "default_as_of", "europe_aid_share", "europe_mask", "judgement_date", "nato_mask", "redlines",
    "topic_inputs",
]
