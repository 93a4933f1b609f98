"""Charts of voting power (Altair specifications rendered to SVG by vl-convert, offline) and
the static HTML report that ``csto power --html DIR`` writes.

- :func:`worlds_chart`: the worlds side by side — the power of the Council to act and each
  member's index under the law, each variant and each other reading;
- :func:`history_chart`: the power to act and a member's index from 1994 to the last day.

Both take the JSON documents of :mod:`csto.power.report` and :mod:`csto.power.history`, so
the CLI and the web draw the same charts from the same data.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["history_chart", "svg", "worlds_chart", "write_html"]


def _alt() -> Any:
    try:
        import altair as alt
    except ImportError as exc:  # pragma: no cover - the power extra installs it
        from csto.errors import InputError

        raise InputError("charts need Altair and vl-convert: pip install 'csto[power]'") from exc
    return alt


def svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite specification to SVG, offline."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def worlds_chart(doc: dict[str, Any], index: str = "banzhaf_raw") -> dict[str, Any]:
    """Power to act per world, and each member's ``index`` per world (bars, side by side)."""
    alt = _alt()
    acts = [
        {"world": w["label"], "power to act": w["power_to_act"]["value"]} for w in doc["worlds"]
    ]
    rows = [
        {"world": w["label"], "member": p, "value": v["value"] if v else None}
        for w in doc["worlds"]
        for p, v in w["values"].get(index, {}).items()
    ]
    title = doc["indices"].get(index, {}).get("name", index) if rows else "—"
    act = (
        alt.Chart(alt.Data(values=acts))
        .mark_bar()
        .encode(
            y=alt.Y("world:N", title=None, sort=None),
            x=alt.X("power to act:Q", title="Coleman's power of the Council to act"),
            tooltip=["world:N", alt.Tooltip("power to act:Q", format=".6f")],
        )
        .properties(width=420, title="How easily the Council can act, by rule")
    )
    members = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("member:N", title=None),
            x=alt.X("value:Q", title=title),
            row=alt.Row(
                "world:N", title=None, sort=None, header=alt.Header(labelAngle=0, labelAlign="left")
            ),
            tooltip=["world:N", "member:N", alt.Tooltip("value:Q", format=".6f")],
        )
        .properties(width=420, height=alt.Step(12), title=f"{title}, by member and rule")
    )
    chart = alt.vconcat(act, members).properties(
        title=f"CSTO {doc.get('organ') or ''} on {doc.get('date') or ''}"
    )
    return dict(chart.to_dict())


def history_chart(rows: Sequence[dict[str, Any]], index: str = "shapley_shubik") -> dict[str, Any]:
    """The power to act (log scale) and each member's ``index`` through time, per world."""
    alt = _alt()
    act_rows: dict[tuple[str, str], dict[str, Any]] = {}
    member_rows = []
    for r in rows:
        act_rows[(r["start"], r["world"])] = {
            "start": r["start"],
            "world": r["label"],
            "power to act": r["power_to_act"]["value"],
        }
        if r["world"] == "law":
            v = r["values"].get(index)
            member_rows.append(
                {"start": r["start"], "member": r["state"], "value": v["value"] if v else None}
            )
    act = (
        alt.Chart(alt.Data(values=list(act_rows.values())))
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("start:T", title=None),
            y=alt.Y("power to act:Q", scale=alt.Scale(type="log"), title="power to act (log)"),
            color=alt.Color("world:N", title="rule"),
            tooltip=["start:T", "world:N", alt.Tooltip("power to act:Q", format=".6f")],
        )
        .properties(width=560, height=220, title="Coleman's power of the Council to act")
    )
    members = (
        alt.Chart(alt.Data(values=member_rows))
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("start:T", title=None),
            y=alt.Y("value:Q", title=index.replace("_", " ")),
            color=alt.Color("member:N", title="member"),
            tooltip=["start:T", "member:N", alt.Tooltip("value:Q", format=".4f")],
        )
        .properties(
            width=560, height=220, title=f"Each voter's {index.replace('_', '-')} index (the law)"
        )
    )
    return dict(alt.vconcat(act, members).resolve_scale(color="independent").to_dict())


def write_html(doc: dict[str, Any], history: Sequence[dict[str, Any]], folder: Path) -> list[Path]:
    """``index.html`` (tables of every world) beside ``worlds.svg`` and ``history.svg``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    charts = [("worlds.svg", worlds_chart(doc))]
    if history:
        charts.append(("history.svg", history_chart(history)))
    for fname, spec in charts:
        path = folder / fname
        path.write_text(svg(spec), encoding="utf-8")
        written.append(path)
    page = folder / "index.html"
    page.write_text(_page(doc, [name for name, _ in charts]), encoding="utf-8")
    written.append(page)
    return written


def _page(doc: dict[str, Any], images: list[str]) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>csto power</title><style>body{font-family:sans-serif;max-width:70em;"
        "margin:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:right}th{background:#eee}</style></head><body>",
        f"<h1>Voting power{' on ' + esc(doc['date']) if doc.get('date') else ''}</h1>",
        f"<p>{esc(doc['model'])}.</p>",
    ]
    for img in images:
        parts.append(f"<p><img src='{esc(img)}' alt='{esc(img)}'></p>")
    for w in doc["worlds"]:
        parts.append(f"<h2>{esc(w['label'])}</h2>")
        if w.get("variant_says"):
            parts.append(f"<p>{esc(w['variant_says'])}</p>")
        if w.get("not_voting"):
            parts.append(
                "<p>Not voting: " + "; ".join(esc(n["why"]) for n in w["not_voting"]) + "</p>"
            )
        act = w["power_to_act"]
        parts.append(
            f"<p>Power of the collectivity to act: {esc(act['exact'])} = {act['value']:.6f} "
            f"({w['winning_coalitions']} of {w['coalitions']} coalitions win)</p>"
        )
        parts.append("<table><tr><th>index</th>")
        parts.extend(f"<th>{esc(p)}</th>" for p in w["players"])
        parts.append("</tr>")
        for key, vals in w["values"].items():
            parts.append(f"<tr><th>{esc(doc['indices'][key]['name'])}</th>")
            for p in w["players"]:
                v = vals[p]
                cell = "—" if v is None else f"{esc(v['exact'])}<br>{v['value']:.4f}"
                parts.append(f"<td>{cell}</td>")
            parts.append("</tr>")
        parts.append("</table>")
        parts.extend(_preferences_html(w))
    parts.append("</body></html>")
    return "".join(parts)


def _preferences_html(w: dict[str, Any]) -> list[str]:
    """The world's figures under a vote model: a table and the sentences explaining them."""
    esc = html.escape
    pref = w.get("preferences")
    if not pref:
        why = w.get("preferences_not_measured")
        return [f"<p>Under preferences: not measured ({esc(why)}).</p>"] if why else []

    def cell(e: dict[str, Any]) -> str:
        return f"{e['value']:.4f}<br>[{e['low']:.4f}, {e['high']:.4f}]"

    act = pref["act"]
    parts = [
        f"<p>Under {esc(pref['model'])}: P(act) {cell(act)} (a priori "
        f"{pref['a_priori_act']:.4f}; {act['draws']} draws, seed {pref['seed']})</p>",
        "<table><tr><th></th>",
        *(f"<th>{esc(p)}</th>" for p in w["players"]),
        "</tr>",
    ]
    rows = [("supports", pref["supports"]), ("decisiveness", pref["decisiveness"])]
    rows.append(("success", pref["success"]))
    for name, vals in rows:
        parts.append(f"<tr><th>{name}</th>")
        parts.extend(f"<td>{cell(vals[p])}</td>" for p in w["players"])
        parts.append("</tr>")
    prior = pref.get("a_priori_decisiveness")
    if prior:
        parts.append("<tr><th>decisiveness a priori</th>")
        parts.extend(f"<td>{prior[p]:.4f}</td>" for p in w["players"])
        parts.append("</tr>")
    parts.append("</table><ul>")
    parts.extend(f"<li>{esc(line)}</li>" for line in pref.get("explains", []))
    parts.append("</ul>")
    return parts
