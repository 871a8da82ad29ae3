"""Build the demo fair deterministically from a seed: enterprises, postings, résumés, visits."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.demo.catalog import FAIR_MINUTES, FAIR_NAME, FAIR_OPENS, FAIR_VENUE, INTENTION_NOTES
from services.demo.people import NameMaker, PhoneBook
from services.demo.postings import make_postings, make_sites
from services.demo.records import (
    DemoApplication,
    DemoEnterprise,
    DemoFair,
    DemoIntention,
    DemoPosting,
    DemoResume,
)
from services.demo.resumes import make_resume
from services.demo.sampling import Picker, between, one, seeded
from services.demo.trades import related_codes

__all__ = [
    "DemoApplication",
    "DemoEnterprise",
    "DemoFair",
    "DemoIntention",
    "DemoPosting",
    "DemoResume",
    "generate_demo_fair",
    "shanghai",
    "simulate_visits",
]

# Stands handed a résumé per visitor: mean about 2.3, so 2,000 visitors leave ~4,600 applications.
_VISITS = Picker(list(range(9)), [15, 22, 23, 17, 11, 6, 3, 2, 1])
# Where a visitor applies (own trade / related trade / anything) and how often it turns into an
# intention recorded by the enterprise: roughly a quarter of applications overall.
_TARGETS = Picker(["own", "related", "other"], [68, 22, 10])
_INTENTION_RATE = {"own": 0.3, "related": 0.15, "other": 0.05}


def shanghai() -> tzinfo:
    """China's time zone (fair times are Beijing time)."""
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # slim images without tzdata: China has no DST
        return timezone(timedelta(hours=8), "Asia/Shanghai")


class _Floor:
    """Postings indexed by trade, for drawing the stands a visitor walks up to."""

    def __init__(self, postings: list[DemoPosting]) -> None:
        self.all = [p.key for p in postings]
        self.by_code: dict[str, list[int]] = {}
        for p in postings:
            self.by_code.setdefault(p.occupation_code, []).append(p.key)
        self._related: dict[str, list[int]] = {}

    def related(self, code: str) -> list[int]:
        if code not in self._related:
            self._related[code] = [k for c in related_codes(code) for k in self.by_code.get(c, [])]
        return self._related[code]

    def draw(self, rng: random.Random, code: str) -> tuple[str, int]:
        target = _TARGETS.pick(rng)
        pool = self.by_code.get(code, []) if target == "own" else self.related(code)
        if target == "other" or not pool:
            target, pool = "other", self.all
        return target, one(rng, pool)


def simulate_visits(
    rng: random.Random, resumes: list[DemoResume], postings: list[DemoPosting]
) -> tuple[list[DemoApplication], list[DemoIntention]]:
    """Who walks up to which stands during the fair, and which hand-overs become intentions."""
    applications: list[DemoApplication] = []
    intentions: list[DemoIntention] = []
    if not postings:
        return applications, intentions
    floor = _Floor(postings)
    last = FAIR_MINUTES - 1
    for resume in resumes:
        # Arrivals peak in the first hour; each further stand takes a few minutes.
        minute = int(FAIR_MINUTES * rng.betavariate(1.2, 3.6))
        seen: set[int] = set()
        for _ in range(min(_VISITS.pick(rng), len(floor.all))):
            target, key = floor.draw(rng, resume.true_occupation_code)
            while key in seen:
                target, key = floor.draw(rng, resume.true_occupation_code)
            seen.add(key)
            minute = min(last, minute)
            applications.append(DemoApplication(resume.key, key, minute))
            if rng.random() < _INTENTION_RATE[target]:
                later = min(last, minute + between(rng, 5, 40))
                intentions.append(DemoIntention(resume.key, key, one(rng, INTENTION_NOTES), later))
            minute += between(rng, 3, 18)
    return applications, intentions


def generate_demo_fair(
    *, resumes: int = 2000, enterprises: int = 80, postings: int = 2300, seed: int = 20250301
) -> DemoFair:
    """The demo fair for these sizes; the same arguments always give the same fair."""
    if min(resumes, enterprises, postings) < 0:
        raise ValueError("demo sizes must not be negative")
    phones, names = PhoneBook(), NameMaker()
    sites = make_sites(seeded(seed, "enterprises"), enterprises, phones, names)
    posting_list = make_postings(seeded(seed, "postings"), sites, postings if sites else 0)
    people = seeded(seed, "resumes")
    resume_list = [make_resume(people, key, phones, names) for key in range(1, resumes + 1)]
    applications, intentions = simulate_visits(seeded(seed, "visits"), resume_list, posting_list)
    starts_at = datetime(*FAIR_OPENS, tzinfo=shanghai())
    return DemoFair(
        name=FAIR_NAME,
        venue=FAIR_VENUE,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=FAIR_MINUTES),
        enterprises=[s.enterprise for s in sites],
        postings=posting_list,
        resumes=resume_list,
        applications=applications,
        intentions=intentions,
    )
