"""The Organization's posts: the Secretary-General's term and the rotation of the post, the
facts the law's rules and the procedures share, defined here once.

Term: three years (the Charter, per secondary sources; one reference work says four, kept
as the rule variant ``sg-term-four-years``). Rotation: the Council's decision "On the
rotation of the officials" of 21 December 2015 has the post pass in the order of the
members' Russian names from 2017, starting with Armenia (record event
``csc-decision-rotation-of-officials-2015`` and its sources); the order itself is
:func:`csto.codes.in_russian_order`, which the Council's chair follows too.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "ROTATION_DECIDED",
    "ROTATION_EVENT",
    "ROTATION_FIRST",
    "ROTATION_FIRST_YEAR",
    "SG_TERM_MONTHS",
]

#: the Secretary-General's term, in months
SG_TERM_MONTHS = 36
#: the day the Council decided that the post rotates, and the record event of it
ROTATION_DECIDED = dt.date(2015, 12, 21)
ROTATION_EVENT = "csc-decision-rotation-of-officials-2015"
#: the first year of the rotation, and the state whose national holds the post then
ROTATION_FIRST_YEAR = 2017
ROTATION_FIRST = "ARM"
