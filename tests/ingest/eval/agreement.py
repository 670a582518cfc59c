"""Inter-annotator agreement between two answer keys of the evaluation set (issue 20).

The key (``key.yaml``) was written by one annotator; ``second_annotator.yaml`` is a second,
independent reading of the test-split excerpts under the key's written rules. This script says
how far two readings agree, with the evaluator's own definitions
(:mod:`guarantor.ingest.evaluate`), one key taken as the reference and the other as the
"prediction" (F1 is symmetric, so which is which only swaps precision and recall)::

    python tests/ingest/eval/agreement.py                       # key.yaml vs second_annotator.yaml
    python tests/ingest/eval/agreement.py --first A --second B --disagreements

Only the articles the second key lists are compared (the first key's other entries are ignored).

Quotes
    Matched by :func:`~guarantor.ingest.evaluate.match_spans` (token-overlap F1 >= 0.5); strict
    agreement needs an overlap >= :data:`~guarantor.ingest.evaluate.STRICT_THRESHOLD`.
Speakers
    Over the matched quote pairs: the same speaker by
    :func:`~guarantor.ingest.evaluate.same_speaker` (strict), or the same surname (lenient),
    as the evaluator scores a system.
Contribution positions
    The evaluator's three modes as sets per article: strict (actor, mission, stance,
    condition), stance (actor, mission, stance), lenient (actor, mission); precision, recall and
    F1 of the second key against the first.
Stance (Cohen's kappa)
    Over every (article, actor, mission) both keys list: each key's stance there (two stances
    listed for one pair, e.g. a refusal and a later opening, form one category such as
    ``conditional+will_not``). Kappa = (p_o - p_e) / (1 - p_e), p_e from each key's own category
    shares (Cohen 1960). Where both say ``conditional``, the share of pairs with the same set of
    conditions is reported too.

Exit status 0; 2 when a key cannot be read (the message names the file and the problem).

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
Measurement 20(1), 37-46.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guarantor.errors import GuarantorError
from guarantor.ingest.evaluate import (
    STRICT_THRESHOLD,
    KeyArticle,
    KeyContribution,
    Scores,
    _surname,
    load_key,
    match_spans,
    same_speaker,
)

HERE = Path(__file__).resolve().parent
#: The fields each contribution mode compares (as the evaluator's ``_score_contributions``).
MODES: dict[str, tuple[str, ...]] = {
    "strict": ("actor", "mission", "stance", "condition"),
    "stance": ("actor", "mission", "stance"),
    "lenient": ("actor", "mission"),
}


@dataclass
class Agreement:
    """Counts of agreement between a first (reference) and a second key."""

    articles: int = 0
    quotes_first: int = 0
    quotes_second: int = 0
    quotes_strict: int = 0
    quotes_lenient: int = 0
    speakers_strict: int = 0
    speakers_lenient: int = 0
    #: mode -> [both, second only, first only]
    con: dict[str, list[int]] = field(default_factory=lambda: {m: [0, 0, 0] for m in MODES})
    #: (first key's stance category, second key's) per (article, actor, mission) both list
    stance_pairs: list[tuple[str, str]] = field(default_factory=list)
    conditions_same: int = 0
    conditions_both: int = 0
    disagreements: list[str] = field(default_factory=list)

    @staticmethod
    def prf(both: int, second_only: int, first_only: int) -> tuple[float, float, float]:
        """Precision, recall and F1 of the second key against the first (the evaluator's)."""
        return Scores._prf(both, both + second_only, both + first_only)

    def quote_prf(self, mode: str) -> tuple[float, float, float]:
        """Quote agreement (strict or lenient) as P/R/F1 of the second key against the first."""
        n = self.quotes_strict if mode == "strict" else self.quotes_lenient
        return self.prf(n, self.quotes_second - n, self.quotes_first - n)

    def kappa(self) -> tuple[float, float]:
        """Observed agreement and Cohen's kappa of the stance over the shared pairs."""
        n = len(self.stance_pairs)
        if not n:
            return 1.0, 1.0
        p_o = sum(a == b for a, b in self.stance_pairs) / n
        first = Counter(a for a, _ in self.stance_pairs)
        second = Counter(b for _, b in self.stance_pairs)
        p_e = sum(first[c] * second[c] for c in first) / (n * n)
        return p_o, (p_o - p_e) / (1 - p_e) if p_e < 1 else 1.0

    def report(self) -> list[str]:
        """The agreement table, one line per field and mode."""
        out = [f"articles compared: {self.articles}"]
        for mode in ("strict", "lenient"):
            p, r, f = self.quote_prf(mode)
            out.append(f"quotes ({mode}): F1 {f:.3f} (precision {p:.3f}, recall {r:.3f}; "
                       f"{self.quotes_second} second, {self.quotes_first} first)")
        for mode, n in (("strict", self.speakers_strict), ("lenient", self.speakers_lenient)):
            m = self.quotes_lenient
            out.append(f"speakers ({mode}): {(n / m if m else 1.0):.3f} agree "
                       f"({n}/{m} matched quotes)")
        for mode in MODES:
            both, second_only, first_only = self.con[mode]
            p, r, f = self.prf(both, second_only, first_only)
            out.append(f"contribution positions ({mode}): F1 {f:.3f} (precision {p:.3f}, "
                       f"recall {r:.3f}; both {both}, second only {second_only}, "
                       f"first only {first_only})")
        p_o, kappa = self.kappa()
        out.append(f"stance where both list the actor and mission: agreement {p_o:.3f}, "
                   f"Cohen's kappa {kappa:.3f} ({len(self.stance_pairs)} pairs)")
        c, n = self.conditions_same, self.conditions_both
        out.append(f"condition where both say conditional: {(c / n if n else 1.0):.3f} same "
                   f"({c}/{n})")
        return out


def _stances(items: Iterable[KeyContribution]) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in items:
        out[(c.actor, c.mission)].add(c.stance)
    return out


def _conditions(items: Iterable[KeyContribution]) -> dict[tuple[str, str], set[str | None]]:
    out: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for c in items:
        if c.stance == "conditional":
            out[(c.actor, c.mission)].add(c.condition)
    return out


def compare_article(a: Agreement, first: KeyArticle, second: KeyArticle) -> None:
    """Add one article's agreement counts (and its disagreements, one line each) to ``a``."""
    name = first.file
    a.articles += 1
    a.quotes_first += len(first.quotes)
    a.quotes_second += len(second.quotes)
    matched_first: set[int] = set()
    matched_second: set[int] = set()
    for i, j, overlap in match_spans([q.text for q in second.quotes],
                                     [q.text for q in first.quotes]):
        matched_second.add(i)
        matched_first.add(j)
        a.quotes_lenient += 1
        a.quotes_strict += overlap >= STRICT_THRESHOLD
        s, f = second.quotes[i], first.quotes[j]
        if overlap < STRICT_THRESHOLD:
            a.disagreements.append(f"{name}: quote span {f.text[:50]!r} / {s.text[:50]!r}")
        if same_speaker(s.speaker, f.speaker):
            a.speakers_strict += 1
            a.speakers_lenient += 1
            continue
        surname = _surname(s.speaker)
        a.speakers_lenient += surname is not None and surname == _surname(f.speaker)
        a.disagreements.append(f"{name}: speaker {f.speaker!r} / {s.speaker!r}: {f.text[:50]!r}")
    for j, q in enumerate(first.quotes):
        if j not in matched_first:
            a.disagreements.append(f"{name}: quote first only ({q.speaker}): {q.text[:60]!r}")
    for i, q in enumerate(second.quotes):
        if i not in matched_second:
            a.disagreements.append(f"{name}: quote second only ({q.speaker}): {q.text[:60]!r}")
    f_con, s_con = first.contributions or (), second.contributions or ()
    for mode, fields in MODES.items():
        f_set = {tuple(getattr(c, k) for k in fields) for c in f_con}
        s_set = {tuple(getattr(c, k) for k in fields) for c in s_con}
        a.con[mode][0] += len(f_set & s_set)
        a.con[mode][1] += len(s_set - f_set)
        a.con[mode][2] += len(f_set - s_set)
        if mode == "strict":
            a.disagreements += [f"{name}: position first only {t}" for t in sorted(f_set - s_set,
                                                                                   key=str)]
            a.disagreements += [f"{name}: position second only {t}" for t in sorted(s_set - f_set,
                                                                                    key=str)]
    f_st, s_st = _stances(f_con), _stances(s_con)
    for pair in sorted(f_st.keys() & s_st.keys()):
        a.stance_pairs.append(("+".join(sorted(f_st[pair])), "+".join(sorted(s_st[pair]))))
    f_cd, s_cd = _conditions(f_con), _conditions(s_con)
    for pair in f_cd.keys() & s_cd.keys():
        a.conditions_both += 1
        a.conditions_same += f_cd[pair] == s_cd[pair]


def agreement(first: Sequence[KeyArticle], second: Sequence[KeyArticle]) -> Agreement:
    """Agreement of ``second`` with ``first`` over the articles ``second`` lists.

    Raises
    ------
    GuarantorError
        When ``second`` lists an article ``first`` does not.
    """
    by_file = {x.file: x for x in first}
    a = Agreement()
    for s in second:
        if s.file not in by_file:
            raise GuarantorError(f"{s.file}: in the second key, not in the first; compare keys "
                                 "of the same articles")
        compare_article(a, by_file[s.file], s)
    return a


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agreement table (and, with ``--disagreements``, every disagreement)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=Path, default=HERE / "key.yaml",
                    help="the reference key (default: key.yaml)")
    ap.add_argument("--second", type=Path, default=HERE / "second_annotator.yaml",
                    help="the second reading (default: second_annotator.yaml)")
    ap.add_argument("--disagreements", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    try:
        result = agreement(load_key(args.first).articles, load_key(args.second).articles)
    except GuarantorError as e:
        print(f"agreement: {e}", file=sys.stderr)
        return 2
    print("\n".join(result.report()))
    if args.disagreements:
        print("\n".join(result.disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
