"""Differences between two states, section by section, and applying them back.

A :class:`Change` says that in ``section`` the entry ``key`` went from ``before`` to
``after`` (None when it did not exist), with the ids of the events that caused it. For any
two states, ``apply_changes(a, diff(a, b))`` equals ``b`` up to its date (a property test
holds this).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from csto.state.model import SECTIONS, State

__all__ = ["Change", "apply_changes", "diff"]


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of one section that differs between two states."""

    section: str
    key: str
    before: object
    after: object
    events: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


def diff(a: State, b: State) -> list[Change]:
    """Every entry that differs from ``a`` to ``b``, in section order then key order."""
    changes = []
    for name in SECTIONS:
        left, right = a.section(name), b.section(name)
        for key in sorted(set(left) | set(right)):
            before, after = left.get(key), right.get(key)
            if before != after:
                changes.append(Change(name, key, before, after))
    return changes


def apply_changes(state: State, changes: Iterable[Change], day: dt.date | None = None) -> State:
    """``state`` with ``changes`` applied (and moved to ``day`` if given)."""
    sections = {name: dict(state.section(name)) for name in SECTIONS}
    for change in changes:
        section = sections[change.section]
        if change.after is None:
            section.pop(change.key, None)
        else:
            section[change.key] = change.after
    ordered = {name: dict(sorted(s.items())) for name, s in sections.items()}
    return replace(state, date=day or state.date, **ordered)  # type: ignore[arg-type]
