"""The JSON Schema of scenario files, generated from the dataclasses the decoder builds (one
field surface: the schema, the decoder and the docs cannot disagree on a field).
``scripts/sim_schemas.py`` writes it to ``csto/sim/schema/scenario.schema.json``; a test
checks that the shipped file is current and that every shipped scenario validates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from csto.sim.models.scenario import Scenario

__all__ = ["scenario_schema"]


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        inner = _type(args[0], defs)
        return {"anyOf": [inner, {"type": "null"}]} if len(args) < len(get_args(hint)) else inner
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": _type(get_args(hint)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(get_args(hint)[1], defs)}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return {"type": "string", "minLength": 1}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if dataclasses.is_dataclass(hint):
        name = getattr(hint, "__name__", str(hint))
        if name not in defs:
            defs[name] = {}
            defs[name] = _object(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {hint!r}")  # pragma: no cover


def _object(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        props[f.name] = _type(hints[f.name], defs)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if required:
        out["required"] = required
    return out


def scenario_schema() -> dict[str, Any]:
    """The schema of a scenario file (``scenario: {...}``)."""
    defs: dict[str, Any] = {}
    ref = _type(Scenario, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://csto.example/schema/sim-scenario/1",
        "title": "csto scenario file",
        "type": "object",
        "properties": {"scenario": ref},
        "required": ["scenario"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
