"""Simple games: the players and which coalitions win.

Two representations, both exact:

- :class:`TableGame` keeps one bit per coalition (``2**n`` of them; coalition ``m`` holds
  player ``i`` when bit ``i`` of ``m`` is set). Any rule can be written this way (a
  predicate, a list of minimal winning coalitions, the law's own tally), so it serves small
  general games: up to :data:`MAX_TABLE_PLAYERS` players.
- :class:`WeightedGame` keeps integer weights and a quota (a coalition wins when its weight
  reaches the quota). Its indices come from dynamic programming over the weights, so it
  scales to hundreds of players; it can also be turned into a table when small.

Both are *monotone* simple games in which the empty coalition loses: the constructors
refuse anything else, with an error that says which coalition breaks the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from csto.errors import InputError, Problem

__all__ = [
    "MAX_TABLE_PLAYERS",
    "Game",
    "TableGame",
    "WeightedGame",
    "coalition_names",
    "from_minimal",
    "from_predicate",
    "mask_of",
]

#: the most players a table (one bit per coalition) may have: 2**24 coalitions, 16 MiB
MAX_TABLE_PLAYERS = 24

Table = npt.NDArray[np.bool_]


def _check_players(players: Sequence[str], where: str) -> tuple[str, ...]:
    names = tuple(str(p) for p in players)
    problems: list[Problem] = []
    if not names:
        problems.append(Problem("a game needs at least one player", field=where))
    seen: set[str] = set()
    for name in names:
        if not name.strip():
            problems.append(Problem("a player's name is empty", field=where))
        if name in seen:
            problems.append(
                Problem(f"player {name!r} is named twice", field=where, fix="name each once")
            )
        seen.add(name)
    if problems:
        raise InputError("the game's players are not valid", tuple(problems))
    return names


def mask_of(players: Sequence[str], coalition: Iterable[str]) -> int:
    """The coalition's bit mask (bit ``i`` for ``players[i]``)."""
    index = {p: i for i, p in enumerate(players)}
    mask = 0
    for name in coalition:
        if name not in index:
            raise InputError(
                f"{name!r} is not a player of this game",
                (Problem(f"unknown player {name!r}", expected=", ".join(players), got=name),),
            )
        mask |= 1 << index[name]
    return mask


def coalition_names(players: Sequence[str], mask: int) -> tuple[str, ...]:
    """The players in coalition ``mask``."""
    return tuple(p for i, p in enumerate(players) if mask >> i & 1)


@dataclass(frozen=True, eq=False)
class TableGame:
    """A simple game given by its table of winning coalitions (``winning[m]``)."""

    players: tuple[str, ...]
    winning: Table

    def __post_init__(self) -> None:
        n = len(self.players)
        if self.winning.shape != (1 << n,) or self.winning.dtype != np.bool_:
            raise InputError(
                "a game table needs one boolean per coalition",
                (
                    Problem(
                        "wrong table", expected=f"{1 << n} booleans", got=str(self.winning.shape)
                    ),
                ),
            )
        _check_simple(self.players, self.winning)

    @property
    def n(self) -> int:
        return len(self.players)

    def wins(self, coalition: Iterable[str]) -> bool:
        return bool(self.winning[mask_of(self.players, coalition)])


@dataclass(frozen=True, eq=False)
class WeightedGame:
    """A weighted voting game ``[quota; weights]``: a coalition wins when the sum of its
    members' (non-negative integer) weights reaches the quota."""

    players: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if len(self.weights) != len(self.players):
            problems.append(
                Problem(
                    "one weight per player",
                    field="weights",
                    expected=str(len(self.players)),
                    got=str(len(self.weights)),
                )
            )
        for name, w in zip(self.players, self.weights, strict=False):
            if not isinstance(w, int) or isinstance(w, bool) or w < 0:
                problems.append(
                    Problem(
                        f"{name}'s weight must be a whole number of votes, 0 or more",
                        field=f"weights.{name}",
                        got=repr(w),
                        fix="scale fractional weights to integers (e.g. per cent to basis points)",
                    )
                )
        if not isinstance(self.quota, int) or isinstance(self.quota, bool) or self.quota < 1:
            problems.append(
                Problem(
                    "the quota must be a whole number, 1 or more",
                    field="quota",
                    got=repr(self.quota),
                    fix="the empty coalition may not win",
                )
            )
        elif not problems and self.quota > sum(self.weights):
            problems.append(
                Problem(
                    "no coalition reaches the quota: even all players together lose",
                    field="quota",
                    expected=f"at most {sum(self.weights)} (the total weight)",
                    got=str(self.quota),
                )
            )
        if problems:
            raise InputError("the weighted game is not valid", tuple(problems))

    @property
    def n(self) -> int:
        return len(self.players)

    def wins(self, coalition: Iterable[str]) -> bool:
        mask = mask_of(self.players, coalition)
        return sum(w for i, w in enumerate(self.weights) if mask >> i & 1) >= self.quota

    def table(self) -> TableGame:
        """The same game as a table (only for up to :data:`MAX_TABLE_PLAYERS` players)."""
        _check_size(self.n)
        sums = np.zeros(1, dtype=np.int64)
        for w in self.weights:
            sums = np.concatenate((sums, sums + w))
        return TableGame(self.players, sums >= self.quota)


Game = TableGame | WeightedGame


def _check_size(n: int) -> None:
    if n > MAX_TABLE_PLAYERS:
        raise InputError(
            f"a game of {n} players is too large to list coalition by coalition",
            (
                Problem(
                    "too many players for a table",
                    expected=f"at most {MAX_TABLE_PLAYERS}",
                    got=str(n),
                    fix="give the game as weights and a quota (computed by dynamic programming)",
                ),
            ),
        )


def _check_simple(players: tuple[str, ...], winning: Table) -> None:
    """Refuse a table whose empty coalition wins or that is not monotone."""
    if winning[0]:
        raise InputError(
            "the empty coalition wins: that is not a voting rule",
            (Problem("the empty coalition must lose", fix="require at least one supporter"),),
        )
    if not winning[-1]:
        raise InputError(
            "no coalition wins, not even all players together: the body can never act",
            (Problem("the grand coalition must win", field="game"),),
        )
    n = len(players)
    for i in range(n):
        view = winning.reshape(-1, 2, 1 << i)
        bad = view[:, 0, :] & ~view[:, 1, :]
        if bad.any():
            hi, lo = np.argwhere(bad)[0]
            mask = (int(hi) << (i + 1)) | int(lo)
            names = ", ".join(coalition_names(players, mask)) or "(nobody)"
            raise InputError(
                "the game is not monotone: adding a supporter turns a win into a loss",
                (
                    Problem(
                        f"{{{names}}} wins but adding {players[i]} loses",
                        field="game",
                        fix="power indices here need a monotone rule",
                    ),
                ),
            )


def from_predicate(players: Sequence[str], wins: Callable[[tuple[str, ...]], bool]) -> TableGame:
    """A table game whose winning coalitions are those for which ``wins`` is true."""
    names = _check_players(players, "players")
    _check_size(len(names))
    table = np.fromiter(
        (bool(wins(coalition_names(names, m))) for m in range(1 << len(names))),
        dtype=np.bool_,
        count=1 << len(names),
    )
    return TableGame(names, table)


def from_minimal(players: Sequence[str], minimal: Iterable[Iterable[str]]) -> TableGame:
    """A table game whose winning coalitions are the supersets of the ``minimal`` ones."""
    names = _check_players(players, "players")
    _check_size(len(names))
    masks = np.arange(1 << len(names), dtype=np.int64)
    table = np.zeros(1 << len(names), dtype=np.bool_)
    given = [mask_of(names, c) for c in minimal]
    if not given or any(m == 0 for m in given):
        raise InputError(
            "the minimal winning coalitions are not valid",
            (
                Problem(
                    "give at least one coalition, none of them empty",
                    field="minimal_winning",
                ),
            ),
        )
    for m in given:
        table |= (masks & m) == m
    return TableGame(names, table)


def weighted(players: Sequence[str], weights: Sequence[int], quota: int) -> WeightedGame:
    """A weighted game, its players checked."""
    return WeightedGame(_check_players(players, "players"), tuple(weights), quota)
