"""The weights of the transparent match score, and why they have these values."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.occupation_fit import TextFusion


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Relative importance of each factor; the score is their weighted mean plus the applied bonus.

    The structured factors (occupation, level, certificates) carry most of the weight because
    recruiters filter on them first. The occupation factor is the learned text fusion, which
    already contains the embedding cosine; counting that cosine again at 0.30 beside it cost
    0.025 nDCG@10 on a tuning split of real titles whose codes the benchmark never scores
    (0.581 vs 0.606 at 0.10; 0.618 at 0). The separate semantic factor keeps 0.10 to break ties
    inside a trade on full résumé text (self-written ranking_dev.json: 0.959 vs 0.982 at 0.30).
    See matcher/README.md.
    """

    semantic: float = 0.10
    occupation: float = 0.45
    skill_level: float = 0.15
    certificates: float = 0.15
    experience: float = 0.07
    location: float = 0.05
    salary: float = 0.03
    applied_bonus: float = 0.05
    # Cosine similarity at or below the floor counts as no semantic evidence.
    semantic_floor: float = 0.2
    # Value lost per skill-level step below the requirement / above it (over-qualified).
    under_level_penalty: float = 0.35
    over_level_penalty: float = 0.05

    def factor_weights(self) -> dict[str, float]:
        """Weights of the averaged factors, by factor name."""
        return {
            "semantic": self.semantic,
            "occupation": self.occupation,
            "skill_level": self.skill_level,
            "certificates": self.certificates,
            "experience": self.experience,
            "location": self.location,
            "salary": self.salary,
        }


DEFAULT_WEIGHTS = MatchWeights()

# Fusion of the text factors (P(same occupation), P(same minor group), title char TF-IDF cosine,
# embedding cosine), copied from `python -m matcher.eval` → real_title_ranking.fusion: two logistic
# regressions fitted on pairs of real dev titles whose codes are neither postings nor in the pool.
# Fitted with the posting's top-10 codes and the résumé's stored top-5, as production keeps them.
TEXT_FUSION = TextFusion(
    occupation_coef=(9.032, -1.807, 4.5, 3.487),
    occupation_intercept=-3.337,
    minor_coef=(3.832, 16.048, 4.371, 3.817),
    minor_intercept=-2.78,
)
