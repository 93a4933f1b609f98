"""Dates of the record: a day, a month, a year, or a range, never padded to a day.

An :class:`EventDate` knows its precision and the first and last day it may stand for, so
that later layers can tell "certainly by D", "certainly not by D" and "unknown on D".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from csto.errors import DateError

__all__ = ["EventDate", "Precision", "add_months", "parse_day"]

Precision = Literal["day", "month", "year", "range"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_day(text: str) -> dt.date:
    """Read an ISO 8601 calendar day (``YYYY-MM-DD``) or raise :class:`DateError`."""
    m = _DAY.match(text.strip())
    if not m:
        raise DateError(f"expected a day as YYYY-MM-DD, got {text!r}")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real calendar day ({exc})") from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month where it does not exist.

    31 August plus six months is 28 (or 29) February: the notice period ends on the last
    day of the shorter month, never spilling into the next.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True, slots=True, order=True)
class EventDate:
    """When an event took effect, with the precision the sources allow.

    ``earliest`` and ``latest`` are the first and last days the date may stand for: equal
    for a day, the month's bounds for a month, and so on.
    """

    earliest: dt.date
    latest: dt.date
    precision: Precision

    @classmethod
    def day(cls, day: dt.date) -> EventDate:
        return cls(day, day, "day")

    @classmethod
    def month(cls, year: int, month: int) -> EventDate:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")

    @classmethod
    def year(cls, year: int) -> EventDate:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    @classmethod
    def between(cls, earliest: dt.date, latest: dt.date) -> EventDate:
        if latest < earliest:
            raise DateError(f"a date range must not end ({latest}) before it starts ({earliest})")
        return cls(earliest, latest, "range")

    @classmethod
    def parse(cls, value: object) -> EventDate:
        """Read ``1992-05-15``, ``"1992-05"``, ``"1992"``, ``1992`` or a range mapping.

        A range is ``{earliest: D1, latest: D2}`` where D1 and D2 are days.
        """
        if isinstance(value, EventDate):
            return value
        if isinstance(value, dt.datetime):
            raise DateError(f"expected a date without a time, got {value.isoformat()!r}")
        if isinstance(value, dt.date):
            return cls.day(value)
        if isinstance(value, bool):
            raise DateError(f"expected a date, got {value!r}")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, dict):
            keys = set(value)
            if keys != {"earliest", "latest"}:
                raise DateError(
                    "a date range needs exactly the keys 'earliest' and 'latest', "
                    f"got {sorted(keys)}"
                )
            lo, hi = (cls.parse(value[k]) for k in ("earliest", "latest"))
            return cls.between(lo.earliest, hi.latest)
        if not isinstance(value, str):
            raise DateError(f"expected a date, got {type(value).__name__} {value!r}")
        text = value.strip()
        if m := _DAY.match(text):
            return cls.day(parse_day(text))
        if m := _MONTH.match(text):
            if not 1 <= int(m[2]) <= 12:
                raise DateError(f"{text!r} has no month {m[2]}")
            return cls.month(int(m[1]), int(m[2]))
        if m := _YEAR.match(text):
            return cls.year(int(m[1]))
        raise DateError(
            f"expected YYYY-MM-DD, YYYY-MM, YYYY or {{earliest, latest}}, got {value!r}"
        )

    def iso(self) -> str:
        """The date as written in the record: ``1992-05-15``, ``1992-05``, ``1992``, or a range."""
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        if self.precision == "year":
            return str(self.earliest.year)
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def to_data(self) -> object:
        """The date in the shape the file format writes it."""
        if self.precision == "range":
            return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}
        return self.iso()

    def __str__(self) -> str:
        return self.iso()
