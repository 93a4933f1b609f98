"""The instruments' articles as the pages and the API show them (interim reader).

Reads ``csto/law/data/instruments/*.yaml`` (articles, paraphrases, versions, check level)
into plain dictionaries, exactly as written, for display only: no rule is applied here.
When the law layer's own loader lands this module becomes a thin adapter over it.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from typing import Any

from ruamel.yaml import YAML

__all__ = ["CHECK_LEVELS", "article_label", "load_instrument_texts"]

#: what each check level means (the law data's ``check`` field)
CHECK_LEVELS: dict[str, str] = {
    "text_read": "the article's words were read in a stored text",
    "secondary_only": "known only from secondary sources (official summaries, news, scholarship)",
    "not_found": "no text or reliable account found",
}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load_instrument_texts() -> dict[str, dict[str, Any]]:
    """Instrument id -> ``{"instrument": {...}, "articles": [...]}`` as in the data files.

    Every version gets ``from``/``to`` as ISO text (or None); every article gets ``slug``,
    the form of its number used in URLs.
    """
    root = importlib.resources.files("csto.law") / "data" / "instruments"
    yaml = YAML(typ="safe", pure=False)
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        doc = _plain(yaml.load(path.read_text(encoding="utf-8")))
        header = doc["instrument"]
        articles = doc.get("articles") or []
        for article in articles:
            article["number"] = str(article["number"])
            article.setdefault("note", None)
            article.setdefault("tags", [])
            for version in article.get("versions") or []:
                version.setdefault("from", None)
                version.setdefault("to", None)
        out[header["id"]] = {"instrument": header, "articles": articles}
    return out


def article_label(number: str) -> str:
    """How an article is cited: ``art. 4``, ``preamble``, ``[budget]`` for unnumbered ones."""
    if number == "preamble":
        return "preamble"
    if number.startswith("unnumbered:"):
        return f"[{number.removeprefix('unnumbered:')}]"
    return f"art. {number}"
