"""What an upgraded résumé would match: the seeker-view scores of ranking.py, re-scored for a
higher skill level or one more certificate without re-running the text factors.

Only two factors depend on the upgrade (skill level and certificates; the embedded résumé text
holds neither), so each posting is assessed once and every upgrade moves its score by the change
of those two weighted values: the same number `score_match` gives the upgraded profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.certificates import certificate_satisfies, normalize_certificates
from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.ranking import Assessment, assess_match, level_value
from matcher.weights import DEFAULT_WEIGHTS, MatchWeights

# A posting "matches" a résumé when its seeker-view score reaches this and nothing blocks it
# (every required certificate held, the required level reached). On the demo fair (USE
# similarity, 40 résumés × 2,300 postings, only unblocked pairs), 5th–95th percentiles of the
# score: own occupation 0.67–0.88, same minor group 0.52–0.69, any other 0.43–0.60; so the
# cutoff keeps about 95 % of own-trade postings, a fifth of the next trades and 2 % of the rest.
MATCH_CUTOFF = 0.65
_EPSILON = 1e-9  # the shortcut and a full re-score may differ in the last bits of a float


@dataclass(frozen=True, slots=True)
class Upgrade:
    """A step a seeker can take: reach a ladder level, or hold one more certificate."""

    skill_level: SkillLevel | None = None
    certificate: str | None = None


def is_match(
    posting: PostingProfile, assessment: Assessment, *, cutoff: float = MATCH_CUTOFF
) -> bool:
    """The match rule on one full assessment; `WhatIf.matches` is its vectorised form."""
    level_ok = posting.skill_level is None or (
        assessment.level_gap is not None and assessment.level_gap >= 0
    )
    return assessment.score >= cutoff - _EPSILON and not assessment.missing_certs and level_ok


class WhatIf:
    """One résumé against many postings: which match now, and which would after an upgrade."""

    def __init__(
        self,
        *,
        resume: ResumeProfile,
        postings: Sequence[tuple[PostingProfile, float]],
        weights: MatchWeights = DEFAULT_WEIGHTS,
        cutoff: float = MATCH_CUTOFF,
    ) -> None:
        self.resume, self.weights, self.cutoff = resume, weights, cutoff
        self._total = sum(weights.factor_weights().values()) or 1.0
        assessed = [
            assess_match(posting=p, resume=resume, similarity=sim, weights=weights)
            for p, sim in postings
        ]
        self.ids = np.array([p.id for p, _ in postings], dtype=np.int64)
        self._scores = np.array([a.score for a in assessed], dtype=np.float64)
        self._level_values = np.array([a.values["skill_level"] for a in assessed])
        self._cert_values = np.array([a.values["certificates"] for a in assessed])
        self._required = np.array([len(a.required_certs) for a in assessed], dtype=np.int64)
        self._missing = np.array([len(a.missing_certs) for a in assessed], dtype=np.int64)
        # Ladder rank each posting asks for; -1 when it asks for none.
        self._required_rank = np.array(
            [p.skill_level.rank if p.skill_level else -1 for p, _ in postings], dtype=np.int64
        )
        self.missing_names = sorted({name for a in assessed for name in a.missing_certs})
        column = {name: j for j, name in enumerate(self.missing_names)}
        self._incidence = np.zeros((len(assessed), len(column)), dtype=np.int64)
        for i, a in enumerate(assessed):
            for name in a.missing_certs:
                self._incidence[i, column[name]] = 1

    def certificate_candidates(self) -> list[str]:
        """Missing certificates that could unlock a posting on their own: required by a posting
        whose level is already met and whose score would reach the cutoff with every required
        certificate held (one more certificate moves no other factor)."""
        held_rank = self.resume.skill_level.rank if self.resume.skill_level else -1
        level_ok = (self._required_rank < 0) | (held_rank >= self._required_rank)
        best = self._scores + self.weights.certificates * (1.0 - self._cert_values) / self._total
        near = level_ok & (self._missing > 0) & (best >= self.cutoff - _EPSILON)
        if not self.missing_names or not near.any():
            return []
        wanted = np.flatnonzero(self._incidence[near].sum(axis=0))
        return [self.missing_names[j] for j in wanted]

    def matches(self, upgrade: Upgrade | None = None) -> NDArray[np.bool_]:
        """Which postings match the résumé (upgraded, when an upgrade is given)."""
        level = self.resume.skill_level
        if upgrade is not None and upgrade.skill_level is not None:
            level = upgrade.skill_level
        by_required = np.array(
            [level_value(None, level, self.weights)[0]]
            + [level_value(required, level, self.weights)[0] for required in SkillLevel]
        )
        level_values = by_required[self._required_rank + 1]
        missing = self._missing
        if upgrade is not None and upgrade.certificate and self.missing_names:
            held = normalize_certificates([upgrade.certificate])
            satisfied = np.array(
                [any(certificate_satisfies(h, name) for h in held) for name in self.missing_names],
                dtype=np.int64,
            )
            missing = missing - self._incidence @ satisfied
        cert_values = np.where(
            self._required > 0, (self._required - missing) / np.maximum(self._required, 1), 1.0
        )
        w = self.weights
        scores = (
            self._scores
            + (
                w.skill_level * (level_values - self._level_values)
                + w.certificates * (cert_values - self._cert_values)
            )
            / self._total
        )
        held_rank = level.rank if level is not None else -1
        level_ok = (self._required_rank < 0) | (held_rank >= self._required_rank)
        matched: NDArray[np.bool_] = (
            (np.clip(scores, 0.0, 1.0) >= self.cutoff - _EPSILON) & (missing == 0) & level_ok
        )
        return matched
