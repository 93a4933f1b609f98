"""The record's sources as BibTeX, for reference managers.

One entry per registered source, keyed by its id: ``@article`` for the scholarly (seed and
scholarship) sources, ``@misc`` for the rest, with the title, the author or publisher as the
record has it, the year where the record knows it, the address and the day it was read.
Values are brace-protected and TeX's special characters escaped; nothing is invented (a
field the record does not hold is left out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from csto.record.sources import Source

__all__ = ["bibtex", "bibtex_entry"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _escape(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in " ".join(text.split()))


def bibtex_entry(src: Source) -> str:
    """One source as a BibTeX entry keyed by its id."""
    kind = "article" if src.kind in ("seed", "scholarship") else "misc"
    fields: list[tuple[str, str]] = [("title", _escape(src.title))]
    if src.publisher:
        # a scholarly source names its authors first ("M. Çakır and A. Bakhronov, Journal")
        if kind == "article" and "," in src.publisher:
            authors, rest = src.publisher.split(",", 1)
            fields.append(("author", _escape(authors)))
            fields.append(("journal", _escape(rest.strip())))
        else:
            fields.append(
                ("author" if kind == "article" else "organization", _escape(src.publisher))
            )
    year = _YEAR.search(src.published or "") or (
        _YEAR.search(src.publisher or "") if kind == "article" else None
    )
    if year:
        fields.append(("year", year.group(0)))
    if src.published:
        fields.append(("date", _escape(src.published)))
    if src.url:
        fields.append(("url", src.url.replace("%", r"\%").replace("#", r"\#")))
    fields.append(("urldate", src.accessed.isoformat()))
    fields.append(("langid", _escape(src.language)))
    if src.note and src.kind != "seed":  # a seed's note only says where our copy is kept
        fields.append(("note", _escape(src.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{src.id},\n{body}\n}}\n"


def bibtex(sources: Iterable[Source]) -> str:
    """Every source as BibTeX, one entry after another."""
    return "\n".join(bibtex_entry(s) for s in sources)
