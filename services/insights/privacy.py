"""The k-rule of anonymous insights: no public figure is built from fewer than 5 seekers.

Anonymous answers (the public page, the JSON API without an organizer, the shortage catalogue)
count a fair's seekers of one occupation × level only when there are at least MIN_SEEKERS of
them, and show a cell only when the seekers it counts reach MIN_SEEKERS. Counting per fair
means that comparing two periods or two sets of fairs never isolates fewer than MIN_SEEKERS
people: every difference is a sum of per-fair groups that each passed the rule. Totals of an
anonymous answer are sums over the cells it shows, never over the withheld ones.
Organizers see every cell with the raw counts.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_SEEKERS = 5


def public_seekers(per_fair: Iterable[int]) -> int:
    """Seekers an anonymous answer may count: the sum of per-fair groups of MIN_SEEKERS or more."""
    return sum(n for n in per_fair if n >= MIN_SEEKERS)


def shown_anonymously(seekers: int) -> bool:
    """Whether a cell counting this many (public) seekers may appear in an anonymous answer."""
    return seekers >= MIN_SEEKERS
