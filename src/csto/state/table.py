"""Every state's membership status on many days at once, as columns (numpy).

For researchers who ask for thousands of days: :func:`status_table` (``History.statuses``)
answers with a :class:`StatusTable`: the days as asked, the states, and a matrix of status
codes (one row per day, one column per state) with a mask of the entries the record
cannot settle on that day. Each snapshot of the history becomes one row of codes, once;
the days then pick their rows by a binary search in numpy, so answering costs little more
than copying the answer. ``to_arrow`` hands the table to Arrow, pandas or Polars users in
long form (day, state, status, uncertain). Needs numpy (the ``table`` extra).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError
from csto.state.model import State

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from csto.state.history import History

__all__ = ["STATUSES", "StatusTable", "status_table"]

#: the codes of the table, in order: code i is STATUSES[i]
STATUSES = (
    "none",
    "signatory",
    "member",
    "participation_frozen",
    "participation_suspended",
    "withdrawal_pending",
    "former",
)
_CODE = {name: i for i, name in enumerate(STATUSES)}
#: days from the proleptic Gregorian ordinal to numpy's epoch (1970-01-01)
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - the table extra is installed in the tests
        raise CstoError(
            "the status table needs numpy; install it with: pip install 'csto[table]'"
        ) from None
    return numpy


@dataclass(frozen=True, eq=False)
class StatusTable:
    """Statuses of ``states`` (columns) on ``days`` (rows, as asked), as numpy arrays.

    ``codes[i, j]`` is the status of ``states[j]`` on ``days[i]``, as an index into
    :data:`STATUSES`; ``uncertain[i, j]`` says the record cannot settle it on that day
    (an event dated only to a month, a year or a range may or may not have happened).
    """

    days: npt.NDArray[np.datetime64]
    states: tuple[str, ...]
    codes: npt.NDArray[np.int8]
    uncertain: npt.NDArray[np.bool_]
    categories: tuple[str, ...] = STATUSES

    def __len__(self) -> int:
        return len(self.days)

    def status(self, row: int, state: str) -> str:
        """The status of ``state`` on the ``row``-th day asked."""
        return self.categories[int(self.codes[row, self.states.index(state)])]

    def column(self, state: str) -> list[str]:
        """The status of ``state`` on every day asked, as names."""
        j = self.states.index(state)
        return [self.categories[int(c)] for c in self.codes[:, j]]

    def rows(self) -> Iterator[tuple[dt.date, str, str, bool]]:
        """(day, state, status, uncertain) for every day and state: the long form."""
        for i, day in enumerate(self.days.tolist()):
            for j, state in enumerate(self.states):
                yield day, state, self.categories[self.codes[i, j]], bool(self.uncertain[i, j])

    def to_arrow(self) -> Any:
        """The long form as a ``pyarrow.Table`` (status dictionary-encoded); needs pyarrow."""
        np = _numpy()
        try:
            import pyarrow as pa
        except ImportError:  # pragma: no cover - the export extra is installed in the tests
            raise CstoError("to_arrow needs pyarrow: pip install 'csto[export]'") from None
        n, m = self.codes.shape
        return pa.table(
            {
                "day": pa.array(np.repeat(self.days, m)),
                "state": pa.DictionaryArray.from_arrays(
                    pa.array(np.tile(np.arange(m, dtype=np.int32), n)),
                    pa.array(list(self.states)),
                ),
                "status": pa.DictionaryArray.from_arrays(
                    pa.array(self.codes.reshape(-1)), pa.array(list(self.categories))
                ),
                "uncertain": pa.array(self.uncertain.reshape(-1)),
            }
        )


def _row(state: State, states: Sequence[str]) -> tuple[list[int], list[bool]]:
    unsure = {u.key for u in state.uncertain if u.section in ("members", "former_members")}
    return [_CODE[state.status_of(s)] for s in states], [s in unsure for s in states]


class _Rows:
    """One row of codes per snapshot of a history, for a fixed list of states."""

    def __init__(self, states: tuple[str, ...]) -> None:
        self.states = states
        self.snapshots: list[State] = []
        self.codes: list[list[int]] = []
        self.unsure: list[list[bool]] = []
        self.arrays: tuple[Any, Any] | None = None

    def extend(self, snapshots: Sequence[State]) -> tuple[Any, Any]:
        """The (codes, uncertain) matrices, one row per snapshot, rows added as needed."""
        done = len(self.snapshots)
        if done and (len(snapshots) < done or snapshots[done - 1] is not self.snapshots[-1]):
            self.snapshots, self.codes, self.unsure, done = [], [], [], 0
        if done == len(snapshots) and self.arrays is not None:
            return self.arrays
        for snapshot in snapshots[done:]:
            codes, unsure = _row(snapshot, self.states)
            self.codes.append(codes)
            self.unsure.append(unsure)
            self.snapshots.append(snapshot)
        np, shape = _numpy(), (len(self.snapshots), len(self.states))
        self.arrays = (
            np.asarray(self.codes, dtype=np.int8).reshape(shape),
            np.asarray(self.unsure, dtype=np.bool_).reshape(shape),
        )
        return self.arrays


def _ordinals(days: Sequence[dt.date] | object) -> Any:
    """The days as proleptic Gregorian ordinals (int64), from dates or datetime64[D]."""
    np = _numpy()
    if isinstance(days, np.ndarray) and days.dtype.kind == "M":
        return days.astype("datetime64[D]").astype(np.int64) + _EPOCH
    if not isinstance(days, Iterable):
        raise CstoError(f"expected days (datetime.date), got {type(days).__name__}")
    listed: list[object] = list(days)
    for day in listed:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise CstoError(f"expected days (datetime.date), got {type(day).__name__} {day!r}")
    return np.fromiter(
        (d.toordinal() for d in listed if isinstance(d, dt.date)),
        dtype=np.int64,
        count=len(listed),
    )


def status_table(
    history: History, days: Sequence[dt.date] | object, states: tuple[str, ...] = ()
) -> StatusTable:
    """Every state's status on every one of ``days`` (see :class:`StatusTable`)."""
    np = _numpy()
    ordinals = _ordinals(days)
    bounds, snapshots = history.snapshots()
    if not states:
        named: set[str] = set()
        for snapshot in snapshots:
            named.update(snapshot.members, snapshot.former_members)
        states = tuple(sorted(named))
    cache: dict[tuple[str, ...], _Rows] = history.derived.setdefault("status rows", {})
    rows = cache.get(states)
    if rows is None:
        rows = cache[states] = _Rows(states)
    codes, unsure = rows.extend(snapshots)
    edges = history.derived.get("bound ordinals")
    if edges is None or len(edges) != len(bounds):
        edges = history.derived["bound ordinals"] = np.fromiter(
            (b.toordinal() for b in bounds), dtype=np.int64, count=len(bounds)
        )
    index = np.searchsorted(edges, ordinals, side="right")
    return StatusTable(
        days=(ordinals - _EPOCH).astype("datetime64[D]"),
        states=states,
        codes=codes[index],
        uncertain=unsure[index],
    )
