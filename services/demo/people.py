"""Invented people for the demo: Chinese names (with pinyin) and unique mainland mobile numbers."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from services.demo.catalog import GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, SURNAMES
from services.demo.sampling import Picker, one


def _pairs(table: str) -> tuple[tuple[str, str], ...]:
    return tuple((hanzi, pinyin) for hanzi, pinyin in (item.split(":") for item in table.split()))


_SURNAMES = _pairs(SURNAMES)
_GIVEN = {"male": _pairs(GIVEN_MALE), "female": _pairs(GIVEN_FEMALE)}
_PREFIXES = MOBILE_PREFIXES.split()


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name in characters and in pinyin written given-name first, as on an English résumé."""

    hanzi: str
    pinyin: str


class NameMaker:
    """Draws surname + one- or two-character given names; common surnames come up more often."""

    def __init__(self) -> None:
        # Roughly Zipf-shaped: 王/李/张 far more common than 恽/承.
        self._surnames = Picker(_SURNAMES, [1.0 / (rank + 4) for rank in range(len(_SURNAMES))])

    def make(self, rng: random.Random, *, female: bool) -> PersonName:
        """A random name for a man or a woman."""
        surname, surname_py = self._surnames.pick(rng)
        given = _GIVEN["female" if female else "male"]
        chars = [one(rng, given) for _ in range(1 if rng.random() < 0.3 else 2)]
        given_hz = "".join(c for c, _ in chars)
        given_py = "".join(p for _, p in chars).capitalize()
        return PersonName(hanzi=surname + given_hz, pinyin=f"{given_py} {surname_py}")


class PhoneBook:
    """Hands out mainland mobile numbers (^1[3-9]\\d{9}$), never the same one twice."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def reserve(self, phones: Iterable[str]) -> None:
        """Never hand out these numbers (already given to people of another fair)."""
        self._used.update(phones)

    def new(self, rng: random.Random) -> str:
        """A fresh, unused mobile number."""
        while True:
            phone = f"{one(rng, _PREFIXES)}{rng.randrange(100_000_000):08d}"
            if phone not in self._used:
                self._used.add(phone)
                return phone
