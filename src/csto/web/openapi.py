"""The OpenAPI document of the JSON API: the framework's, plus the documents' own schemas.

The state, diff and timeline documents are described by the JSON Schemas the state layer
ships (``csto/state/schema/*.schema.json``), the verdict and the readings by the law
layer's (``csto/law/schema/``); they are copied into ``components/schemas`` with their
``$defs`` renamed, so the OpenAPI document and the CLI's ``--json`` contract cannot drift
apart. The other documents (events, sources, articles, search) and the action a verdict
is asked for are described here. Every operation also lists its 4xx answers as problem documents.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
from typing import Any

from csto.web.problems import PROBLEM_SCHEMA
from csto.web.search import KINDS

__all__ = ["SCHEMAS", "document_schemas", "extend_openapi", "ref"]


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _rewrite(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = f"#/components/schemas/{prefix}_{value.removeprefix('#/$defs/')}"
            else:
                out[key] = _rewrite(value, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite(v, prefix) for v in node]
    return node


def _shipped(name: str, component: str, package: str = "csto.state") -> dict[str, Any]:
    path = importlib.resources.files(package) / "schema" / f"{name}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    out = {component: _rewrite(schema, component)}
    for key, value in defs.items():
        out[f"{component}_{key}"] = _rewrite(value, component)
    return out


_STR = {"type": "string"}
_STRS = {"type": "array", "items": _STR}
_CITATIONS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["source"],
        "properties": {"source": _STR, "locator": _STR},
    },
}
_EVENT_SUMMARY = {
    "type": "object",
    "required": ["id", "type", "date", "date_precision", "states", "summary", "sources"],
    "properties": {
        "id": _STR,
        "type": _STR,
        "date": _STR,
        "date_precision": {"enum": ["day", "month", "year", "range"]},
        "states": _STRS,
        "summary": _STR,
        "confidence": {"enum": ["high", "medium", "low"]},
        "disputed": {"type": "boolean"},
        "sources": _CITATIONS,
    },
}
_SOURCE = {
    "type": "object",
    "required": ["id", "title", "language", "accessed", "kind"],
    "properties": {
        "id": _STR,
        "title": _STR,
        "publisher": _STR,
        "url": _STR,
        "language": _STR,
        "accessed": _STR,
        "kind": {"enum": ["seed", "primary", "official", "news", "scholarship", "reference"]},
        "published": _STR,
        "note": _STR,
    },
}
_DAY_OR_NULL = {"type": ["string", "null"]}
_CHECK = {"enum": ["text_read", "text_partly_read", "secondary_only", "not_found"]}
_ARTICLE = {
    "type": "object",
    "required": ["number", "label", "heading", "check", "check_means", "tags", "versions"],
    "properties": {
        "number": _STR,
        "label": _STR,
        "heading": _STR,
        "check": _CHECK,
        "check_means": _STR,
        "tags": _STRS,
        "note": {"type": ["string", "null"]},
        "versions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from", "to", "paraphrase", "check", "sources", "in_force_on_date"],
                "properties": {
                    "from": _DAY_OR_NULL,
                    "to": _DAY_OR_NULL,
                    "paraphrase": _STR,
                    "check": _CHECK,
                    "check_means": _STR,
                    "read": {"type": ["string", "null"]},
                    "quote": {"type": ["string", "null"]},
                    "amended_by": {"type": ["string", "null"]},
                    "sources": _CITATIONS,
                    "in_force_on_date": {"type": "boolean"},
                },
            },
        },
        "open_questions": {
            "description": "The catalogue's readings that name this article, with the "
            "documented episodes that turn on each (null when not asked for).",
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "required": ["reading", "question", "episodes"],
                "properties": {"reading": _STR, "question": _STR, "episodes": _STRS},
            },
        },
    },
}
_HEADER = {
    "type": "object",
    "required": ["id", "title_en", "kind", "signed"],
    "properties": {"id": _STR, "title_en": _STR, "title_ru": _STR, "kind": _STR},
}

_OUTCOME = {"enum": ["permitted", "not_permitted", "required", "not_provided_for"]}
_CASE_VERDICT = {
    "type": "object",
    "required": ["outcome", "deciding_organ", "decision_rule", "effects"],
    "properties": {
        "outcome": _OUTCOME,
        "deciding_organ": {"type": ["string", "null"]},
        "decision_rule": _STR,
        "effects": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["says", "on"],
                "properties": {"says": _STR, "on": _DAY_OR_NULL},
            },
        },
    },
}
_CASE_STEP = {
    "type": "object",
    "required": [
        "id",
        "action",
        "date",
        "history_done",
        "history_says",
        "result",
        "departure",
        "reason",
        "split_readings",
        "followed",
        "by_profile",
        "by_variant",
        "problems",
    ],
    "properties": {
        "id": _STR,
        "action": _STR,
        "date": {"type": "string", "format": "date"},
        "history_done": {"type": "boolean"},
        "history_says": _STR,
        "result": {"enum": ["conforms", "departed", "contested"]},
        "departure": _STRS,
        "reason": {"type": ["string", "null"]},
        "split_readings": _STRS,
        "followed": {"type": "object", "additionalProperties": _STRS},
        "by_profile": {"type": "object", "additionalProperties": ref("CaseVerdict")},
        "by_variant": {"type": "object", "additionalProperties": ref("CaseVerdict")},
        "problems": _STRS,
    },
}
_CASE_EPISODE = {
    "type": "object",
    "required": ["id", "title", "result", "start", "end", "events", "steps", "counterfactuals"],
    "properties": {
        "id": _STR,
        "title": _STR,
        "result": {"enum": ["conforms", "departed", "contested", "engine_wrong"]},
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
        "events": _STRS,
        "steps": {"type": "array", "items": ref("CaseStep")},
        "counterfactuals": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "step", "historical_outcome", "outcome", "problems"],
                "properties": {
                    "name": _STR,
                    "step": _STR,
                    "historical_outcome": _OUTCOME,
                    "outcome": _OUTCOME,
                    "problems": _STRS,
                },
            },
        },
    },
}
_CASES = {
    "type": "object",
    "title": "csto.cases/1",
    "required": [
        "schema",
        "results_mean",
        "totals",
        "episodes",
        "compliance",
        "where_verdicts_change",
    ],
    "properties": {
        "schema": {"const": "csto.cases/1"},
        "results_mean": {"type": "object", "additionalProperties": _STR},
        "totals": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        "episodes": {"type": "array", "items": ref("CaseEpisode")},
        "compliance": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["reading", "question", "steps", "supported", "history_supports"],
                "properties": {
                    "reading": _STR,
                    "question": _STR,
                    "steps": _STRS,
                    "supported": {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 0},
                    },
                    "history_supports": _STRS,
                },
            },
        },
        "where_verdicts_change": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["episode", "step", "verdicts", "what_changes"],
                "properties": {
                    "episode": _STR,
                    "step": _STR,
                    "verdicts": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "required": ["outcome", "deciding_organ", "decision_rule"],
                            "properties": {
                                "outcome": _OUTCOME,
                                "deciding_organ": {"type": ["string", "null"]},
                                "decision_rule": _STR,
                            },
                        },
                    },
                    "what_changes": _STRS,
                },
            },
        },
    },
}

#: the documents this module describes, by component name
SCHEMAS: dict[str, dict[str, Any]] = {
    "Problem": PROBLEM_SCHEMA,
    "EventSummary": _EVENT_SUMMARY,
    "EventList": {
        "type": "object",
        "required": ["schema", "csto_version", "record_digest", "count", "events"],
        "properties": {
            "schema": _STR,
            "csto_version": _STR,
            "record_digest": _STR,
            "count": {"type": "integer", "minimum": 0},
            "events": {"type": "array", "items": ref("EventSummary")},
            "page": {
                "description": "Present when this page does not hold every event asked for",
                "type": "object",
                "required": ["offset", "limit", "total"],
                "properties": {
                    "offset": {"type": "integer", "minimum": 0},
                    "limit": {"type": "integer", "minimum": 1},
                    "total": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
    "EventDetail": {
        "type": "object",
        "required": ["schema", "event", "sources"],
        "properties": {
            "schema": _STR,
            "event": {
                "type": "object",
                "required": ["id", "type", "date", "recorded", "summary", "sources"],
            },
            "sources": {"type": "array", "items": ref("Source")},
        },
    },
    "Source": _SOURCE,
    "SourceList": {
        "type": "object",
        "required": ["schema", "sources"],
        "properties": {
            "schema": _STR,
            "sources": {
                "type": "array",
                "items": {
                    "allOf": [
                        ref("Source"),
                        {
                            "type": "object",
                            "required": ["cited_by"],
                            "properties": {"cited_by": {"type": "integer", "minimum": 0}},
                        },
                    ]
                },
            },
        },
    },
    "SourceDetail": {
        "type": "object",
        "required": ["schema", "source", "events", "articles"],
        "properties": {
            "schema": _STR,
            "source": ref("Source"),
            "events": {"type": "array", "items": ref("EventSummary")},
            "articles": _STRS,
        },
    },
    "Article": {
        "type": "object",
        "title": "csto.article/1",
        "required": ["schema", "instrument", "in_force_on_date", "date", "per_state", "articles"],
        "properties": {
            "schema": {"const": "csto.article/1"},
            "instrument": _HEADER,
            "in_force_on_date": {"type": ["boolean", "null"]},
            "date": _DAY_OR_NULL,
            "per_state": {"type": ["object", "null"]},
            "articles": {"type": "array", "items": _ARTICLE},
        },
    },
    "InstrumentList": {
        "type": "object",
        "title": "csto.instruments/1",
        "required": ["schema", "instruments"],
        "properties": {
            "schema": {"const": "csto.instruments/1"},
            "instruments": {
                "type": "array",
                "items": {
                    "allOf": [
                        _HEADER,
                        {
                            "type": "object",
                            "required": ["articles"],
                            "properties": {"articles": _STRS},
                        },
                    ]
                },
            },
        },
    },
    "Cases": _CASES,
    "CaseEpisode": _CASE_EPISODE,
    "CaseStep": _CASE_STEP,
    "CaseVerdict": _CASE_VERDICT,
    "SearchResult": {
        "type": "object",
        "required": ["schema", "query", "count", "hits"],
        "properties": {
            "schema": _STR,
            "query": _STR,
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "by_kind": {"type": "object", "additionalProperties": {"type": "integer"}},
            "hits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["kind", "key", "title", "url"],
                    "properties": {
                        "kind": {"enum": list(KINDS)},
                        "key": _STR,
                        "title": _STR,
                        "url": _STR,
                        "snippet": _STR,
                        "date": _STR,
                    },
                },
            },
        },
    },
}


def document_schemas() -> dict[str, dict[str, Any]]:
    """Every component schema: the state layer's three, then this module's."""
    out: dict[str, dict[str, Any]] = {}
    out.update(_shipped("state", "State"))
    out.update(_shipped("diff", "Diff"))
    out.update(_shipped("timeline", "Timeline"))
    out.update(_shipped("statuses", "Statuses"))
    out.update(_shipped("verdict", "Verdict", "csto.law"))
    out.update(_shipped("readings", "Readings", "csto.law"))
    out.update(_shipped("power", "Power", "csto.power"))
    from csto.law.actions import action_schema

    out["Action"] = action_schema()
    out.update(copy.deepcopy(SCHEMAS))
    return out


def extend_openapi(doc: dict[str, Any]) -> dict[str, Any]:
    """The framework's document with our schemas, and problem answers for every 4xx."""
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    components.update(document_schemas())
    # the framework's own validation-error schemas are never sent: we answer problems
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path in doc.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                options = schema.get("anyOf")
                if options and len(options) == 2 and {"type": "null"} in options:
                    # an absent query parameter is not a JSON null: describe the value only
                    (value,) = [o for o in options if o != {"type": "null"}]
                    del schema["anyOf"]
                    schema.update(value)
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            answers = [("400", "Bad input; the problem names the field")]
            if "requestBody" in operation:
                answers += [
                    ("413", "The body is over a size or nesting limit (the problem names it)"),
                    ("415", "The body is not declared as JSON (Content-Type)"),
                ]
            for status, text in answers:
                responses.setdefault(
                    status,
                    {
                        "description": text,
                        "content": {"application/problem+json": {"schema": ref("Problem")}},
                    },
                )
    return doc
