"""The weights of the transparent match score, and why they have these values."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.occupation_fit import TextFusion


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Relative importance of each factor; the score is their weighted mean plus the applied bonus.

    Defaults were chosen on matcher/data/eval/ranking_dev.json (see matcher/README.md): the
    structured factors (occupation, level, certificates) carry more than half of the weight
    because recruiters filter on them first; semantic similarity breaks ties inside a trade and
    rescues candidates whose occupation code is missing.
    """

    semantic: float = 0.30
    occupation: float = 0.25
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
# regressions fitted on pairs of real dev titles whose codes are not benchmark postings.
TEXT_FUSION = TextFusion(
    occupation_coef=(8.495, -0.626, 2.135, 3.375),
    occupation_intercept=-3.023,
    minor_coef=(3.61, 10.551, 3.365, 3.739),
    minor_intercept=-2.615,
)
