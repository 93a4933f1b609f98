"""The machines by name: the one place that lists every procedure."""

from __future__ import annotations

from typing import Any

from csto.procedures.assistance import ASSISTANCE
from csto.procedures.base import Machine
from csto.procedures.chairmanship import CHAIRMANSHIP
from csto.procedures.membership import MEMBERSHIP
from csto.procedures.secretary_general import SECRETARY_GENERAL
from csto.procedures.session import SESSION

__all__ = ["MACHINES"]

#: every machine, keyed by its kind (the CLI's command name)
MACHINES: dict[str, Machine[Any]] = {
    m.kind: m for m in (SESSION, MEMBERSHIP, SECRETARY_GENERAL, CHAIRMANSHIP, ASSISTANCE)
}
