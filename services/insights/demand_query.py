"""What a demand map is asked for: a period of calendar days, fairs, a chain and a district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from frontend import CHINA
from frontend.i18n import bilingual
from services.errors import AppError

DEFAULT_DAYS = 730  # without ?from=, two years back from the latest fair held by ?to=
FIRST_YEAR, LAST_YEAR = 2000, 2100


class BadPeriod(AppError):
    """A date that is not YYYY-MM-DD, or a period that ends before it starts."""

    status_code = 400


@dataclass(frozen=True, slots=True)
class Period:
    """Calendar days in Beijing time, both ends included."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """The instants [start 00:00, day after end 00:00) in Beijing time."""
        after = self.end + timedelta(days=1)
        return datetime.combine(self.start, time(), CHINA), datetime.combine(after, time(), CHINA)


def _day(text: str) -> date:
    """A YYYY-MM-DD day between FIRST_YEAR and LAST_YEAR (no fair outside; no overflow)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadPeriod(bilingual("insights.bad_date", value=text[:40]))
    return day


def parse_period(
    start: str | None, end: str | None, *, today: date | None = None, anchor: date | None = None
) -> Period:
    """The period of ?from=&to= (YYYY-MM-DD); to defaults to today, from to two years before
    the anchor (the day of the latest fair held by then, see demand.asked_period) or before to."""
    last = _day(end) if end else today or datetime.now(CHINA).date()
    first = _day(start) if start else min(anchor or last, last) - timedelta(days=DEFAULT_DAYS)
    if first > last:
        raise BadPeriod(bilingual("insights.bad_period", start=first, end=last))
    return Period(first, last)


@dataclass(frozen=True, slots=True)
class DemandQuery:
    """The filters of a demand map: period, fairs, chain (slug or id) and district."""

    period: Period
    fair_ids: tuple[int, ...] = ()
    chain: str = ""
    district: str = ""
