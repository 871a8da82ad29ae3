"""The text each profile is embedded and searched as."""

from __future__ import annotations

from matcher.domain import PostingProfile, ResumeProfile
from matcher.occupations import occupation_name

POSTING_MAX_CHARS = 600
RESUME_MAX_CHARS = 600


def _join(parts: list[str], limit: int) -> str:
    text = "；".join(p.strip() for p in parts if p and p.strip())
    return " ".join(text.split())[:limit]


def posting_text(p: PostingProfile) -> str:
    """Title, occupation name, requirements and description, whitespace-collapsed and trimmed."""
    occupation = occupation_name(p.occupation_code) if p.occupation_code else ""
    return _join([p.title, occupation, p.requirements, p.description], POSTING_MAX_CHARS)


def resume_text(r: ResumeProfile) -> str:
    """Desired title, occupation name, skills, experience and major, trimmed."""
    occupation = occupation_name(r.occupation_code) if r.occupation_code else ""
    return _join([r.desired_title, occupation, r.skills, r.experience, r.major], RESUME_MAX_CHARS)
