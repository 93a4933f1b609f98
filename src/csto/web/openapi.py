"""The OpenAPI document of the JSON API: the framework's, plus the documents' own schemas.

The state, diff and timeline documents are described by the JSON Schemas the state layer
ships (``csto/state/schema/*.schema.json``); they are copied into ``components/schemas``
with their ``$defs`` renamed, so the OpenAPI document and the CLI's ``--json`` contract
cannot drift apart. The other documents (events, sources, instruments, articles, search)
are described here. Every operation also lists its 4xx answers as problem documents.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
from typing import Any

from csto.web.problems import PROBLEM_SCHEMA

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


def _shipped(name: str, component: str) -> dict[str, Any]:
    path = importlib.resources.files("csto.state") / "schema" / f"{name}.schema.json"
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
_VERSION = {
    "type": "object",
    "required": ["from", "to", "sources"],
    "properties": {
        "from": {"type": ["string", "null"]},
        "to": {"type": ["string", "null"]},
        "paraphrase": {"type": ["string", "null"]},
        "quote": {"type": ["string", "null"]},
        "amended_by": {"type": ["string", "null"]},
        "sources": _CITATIONS,
    },
}
_ARTICLE = {
    "type": "object",
    "required": ["number", "heading", "tags", "check", "versions"],
    "properties": {
        "number": _STR,
        "heading": _STR,
        "tags": _STRS,
        "check": {"enum": ["text_read", "secondary_only", "not_found"]},
        "versions": {"type": "array", "items": _VERSION},
        "note": {"type": ["string", "null"]},
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
    "Article": _ARTICLE,
    "InstrumentList": {
        "type": "object",
        "required": ["schema", "instruments"],
        "properties": {
            "schema": _STR,
            "instruments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title_en", "kind", "articles"],
                    "properties": {
                        "id": _STR,
                        "title_en": _STR,
                        "title_ru": _STR,
                        "kind": _STR,
                        "articles": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
    },
    "InstrumentDetail": {
        "type": "object",
        "required": ["schema", "instrument", "text", "articles", "events"],
        "properties": {
            "schema": _STR,
            "instrument": {"type": "object", "required": ["id", "title_en", "kind"]},
            "text": {"type": ["object", "null"]},
            "articles": {"type": "array", "items": ref("Article")},
            "events": {"type": "array", "items": ref("EventSummary")},
        },
    },
    "ArticleDetail": {
        "type": "object",
        "required": ["schema", "instrument", "label", "article", "check_meaning"],
        "properties": {
            "schema": _STR,
            "instrument": _STR,
            "label": _STR,
            "article": ref("Article"),
            "check_meaning": _STR,
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["schema", "query", "count", "hits"],
        "properties": {
            "schema": _STR,
            "query": _STR,
            "count": {"type": "integer", "minimum": 0},
            "hits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["kind", "key", "title", "url"],
                    "properties": {
                        "kind": {"enum": ["event", "article"]},
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
            for status, text in (("400", "Bad input; the problem names the field"),):
                responses.setdefault(
                    status,
                    {
                        "description": text,
                        "content": {"application/problem+json": {"schema": ref("Problem")}},
                    },
                )
    return doc
