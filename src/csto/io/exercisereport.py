"""The after-action report as a document, an HTML page and a PDF, offline.

:func:`build_report` reads the exercise's log (its stream and its refusal log) through the
engine API, adds what the real Council did next when the exercise was forked from history
(the record's events in the days after the fork, the documented episode's steps) and where
the class's outcome falls among the simulation's runs of the same scenario
(:func:`csto.sim.api.simulate`), and draws the charts (Altair specifications rendered to SVG
by vl-convert: no scripts, nothing fetched). :func:`write_html` writes one self-contained
page; :func:`write_pdf` renders the same page with WeasyPrint (``pip install
'csto[exercise]'``).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.codes import label
from csto.errors import InputError, Problem
from csto.exercise.report import class_outcome, report_document
from csto.io.exercises import Exercises

if TYPE_CHECKING:
    from csto.exercise.config import ExerciseConfig
    from csto.exercise.game import Exercise

__all__ = [
    "build_report",
    "history_next",
    "render_html",
    "simulation_figures",
    "write_html",
    "write_pdf",
]

#: how many days after the fork the record is read for "what the Council did next"
HORIZON_DAYS = 30


def build_report(
    api: Exercises, exercise_id: str, token: str, replications: int = 20_000
) -> dict[str, Any]:
    """The report document (any seat may ask for it; it shows private channels only once the
    facilitator has opened the archive, whoever asks)."""
    api.seat(exercise_id, token)
    ex = api.load(exercise_id)
    refusals = api.all_refusals(exercise_id)
    history = history_next(api, ex.config)
    simulation = simulation_figures(ex, replications) if replications else None
    doc = report_document(ex, refusals, history=history, simulation=simulation)
    doc["charts"] = _charts(doc)
    return doc


def history_next(api: Exercises, config: ExerciseConfig) -> dict[str, Any] | None:
    """What the real Council did in the days after the fork: the record's events (those the
    exercise set aside), the scenario's account of the outcome, the episode's steps."""
    law = api.law
    start = config.date
    end = start + dt.timedelta(days=HORIZON_DAYS)
    events = [
        {
            "id": e.id,
            "date": e.date.iso(),
            "type": e.type,
            "summary": e.summary,
            "sources": [c.source for c in e.sources],
        }
        for e in law.history.events
        if start <= e.date.earliest <= end
    ]
    out: dict[str, Any] = {
        "window": [start.isoformat(), end.isoformat()],
        "events": events[:40],
        "more": max(0, len(events) - 40),
    }
    if config.history is not None:
        out["outcome"] = config.history.outcome
        out["day"] = config.history.day
        out["says"] = config.history.says
        out["outcome_events"] = list(config.history.events)
    if config.episode:
        from csto.io.casefiles import load_episodes

        for ep in load_episodes(law.history.record):
            if ep.id == config.episode:
                out["episode"] = {
                    "id": ep.id,
                    "title": ep.title,
                    "summary": ep.summary,
                    "steps": [
                        {
                            "date": s.action.date.isoformat(),
                            "action": s.action.verb,
                            "done": s.history.done,
                            "says": s.history.says,
                            "events": list(s.history.events),
                        }
                        for s in ep.steps
                        if s.action.date >= start
                    ],
                }
    if not events and "outcome" not in out and "episode" not in out:
        return None
    return out


def simulation_figures(ex: Exercise, replications: int) -> dict[str, Any] | None:
    """Where the class's outcome falls among the simulation's runs of the exercise's scenario
    under its decision rule (None without a scenario)."""
    config = ex.config
    if config.scenario is None or config.crisis is None:
        return None
    from csto.sim.api import simulate

    sim = simulate(
        config.scenario, replications=replications, variants=[config.variant], executor="inline"
    )
    summary = sim.summaries[0]
    mine = class_outcome(ex)
    outcome = mine["outcome"]
    if outcome == "adopted" and config.crisis.kind == "assistance":
        outcome = "statement"
    rate = summary.outcomes.get(outcome)
    acted = sum(summary.days.values())
    percentile = None
    if mine.get("day") is not None and acted:
        day = int(mine["day"])
        below = sum(k for d, k in summary.days.items() if d < day)
        same = summary.days.get(day, 0)
        percentile = 100.0 * (below + same / 2) / acted
    return {
        "scenario": config.scenario,
        "variant": summary.id,
        "replications": summary.n,
        "seed": sim.plan.seed,
        "p_act": summary.act.to_data(),
        "outcomes": {k: v.to_data() for k, v in summary.outcomes.items()},
        "days": {str(k): v for k, v in sorted(summary.days.items())},
        "days_median": summary.days_median,
        "class_outcome": outcome,
        "p_class_outcome": None if rate is None else rate.to_data(),
        "class_day": mine.get("day"),
        "day_percentile": percentile,
        "departure": bool(mine.get("departure")),
        "receipt": {k: sim.receipt.get(k) for k in ("record_digest", "rules_digest", "seed")},
        "says": _sim_says(summary, outcome, rate, percentile, mine),
    }


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _sim_says(summary: Any, outcome: str, rate: Any, percentile: float | None, mine: Any) -> str:
    parts = [f"The simulation's Council acts in {summary.act.p:.0%} of {summary.n:,} runs"]
    if rate is not None:
        parts.append(f"it ends in '{outcome}' (as the class did) in {rate.p:.0%}")
    if percentile is not None:
        parts.append(
            f"the class's timing (day {mine['day']}) is at the {_ordinal(round(percentile))} "
            "percentile of the runs that acted"
        )
    if mine.get("departure"):
        parts.append(
            "the class adopted short of its rule, which the simulation's Council never does"
        )
    return "; ".join(parts) + "."


# --- charts --------------------------------------------------------------------------------


def _charts(doc: dict[str, Any]) -> dict[str, str]:
    try:
        import altair  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError:  # pragma: no cover - the exercise extra installs them
        return {}
    from csto.io.simreport import svg

    out = {"timeline": svg(_timeline_chart(doc))}
    sim = doc.get("simulation")
    if sim:
        out["simulation"] = svg(_simulation_chart(doc, sim))
    return out


def _alt() -> Any:
    import altair

    return altair


def _timeline_chart(doc: dict[str, Any]) -> dict[str, Any]:
    alt = _alt()

    rows = []
    for t in doc["timeline"]:
        kind = "departure" if t.get("departures") else "bot" if t["bot"] else "move"
        rows.append({"turn": t["turn"], "seat": t["seat"], "kind": kind, "move": t["verb"]})
    for r in doc["refusals"]:
        if r["branch"] == doc["from_the_log"]["branch"]:
            rows.append(
                {"turn": r["turn"] - 0.5, "seat": r["seat"], "kind": "refused", "move": r["verb"]}
            )
    seats = [s["seat"] for s in doc["seats"] if s["role"] != "observer"]
    chart = (
        alt.Chart(alt.Data(values=rows or [{"turn": 0, "seat": "-", "kind": "move", "move": ""}]))
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("turn:Q", title="turn"),
            y=alt.Y("seat:N", sort=seats, title=None),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["move", "bot", "refused", "departure"],
                    range=["#4c78a8", "#9ecae9", "#e45756", "#f58518"],
                ),
                title=None,
            ),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=["move", "bot", "refused", "departure"]),
                title=None,
            ),
        )
        .properties(title="Moves by seat and turn", width=520, height=22 * max(4, len(seats)))
    )
    return chart.to_dict()  # type: ignore[no-any-return]


def _simulation_chart(doc: dict[str, Any], sim: dict[str, Any]) -> dict[str, Any]:
    alt = _alt()

    history = (doc.get("history") or {}).get("outcome")
    rows = []
    for name, rate in sim["outcomes"].items():
        marks = []
        if name == sim["class_outcome"]:
            marks.append("the class")
        if name == history:
            marks.append("history")
        rows.append({"outcome": name, "p": rate["p"], "mark": " + ".join(marks) or "-"})
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("outcome:N", sort=None, title=None),
            x=alt.X("p:Q", title="share of the simulation's runs", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "mark:N",
                scale=alt.Scale(
                    domain=["-", "the class", "history", "the class + history"],
                    range=["#bbbbbb", "#f58518", "#4c78a8", "#54a24b"],
                ),
                legend=alt.Legend(orient="bottom", title=None, labelLimit=200),
            ),
        )
        .properties(
            title=f"What the simulation's Council decides ({sim['replications']:,} runs)",
            width=420,
            height=26 * len(rows),
        )
    )
    return bars.to_dict()  # type: ignore[no-any-return]


# --- HTML and PDF -----------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "csto exercise report - page " counter(page) " of " counter(pages);
    font-size: 8pt; color: #666; } }
body { font: 10.5pt/1.45 "DejaVu Sans", system-ui, sans-serif; color: #222; max-width: 1000px;
  margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.4em 0 .4em;
  border-bottom: 1px solid #ccc; page-break-after: avoid; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 9pt; }
td, th { border: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; } tr { page-break-inside: avoid; }
.lead { color: #444; } .small { font-size: 8.5pt; color: #555; }
.refused { background: #fbe3e3; } .departure { background: #fdf0dc; } .bot { color: #2a5d8a; }
.box { border: 1px solid #ccc; padding: .6em .8em; margin: .6em 0; background: #fafafa; }
.cols { display: flex; gap: 1em; } .cols > div { flex: 1; }
svg { max-width: 100%; height: auto; }
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _table(head: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    if not rows:
        return "<p class=small>None.</p>"
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        cls = f" class='{classes[i]}'" if classes and classes[i] else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(doc: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (charts inline as SVG; no scripts)."""
    ex = doc["exercise"]
    fork = doc["fork"]
    parts = [
        f"<h1>{_e(ex['title'])}</h1>",
        f"<p class=lead>{_e(ex['about'])}</p>",
        "<p class=small>After-action report of exercise "
        f"<b>{_e(ex['id'])}</b>, generated from its log alone (version "
        f"{doc['from_the_log']['version']}, {doc['from_the_log']['turns']} turns, "
        f"{doc['from_the_log']['refusals']} refusals; branch {doc['from_the_log']['branch']}). "
        f"Rules: the '{_e(ex['profile'])}' profile, decision rule '{_e(ex['variant'])}'. "
        f"Phase: {_e(ex['phase'])}.</p>",
    ]
    members = ", ".join(
        f"{_e(label(m['state']))}" + (f" ({_e(m['status'])})" if m["status"] != "member" else "")
        for m in fork.get("members", [])
    )
    parts.append(
        "<h2>The organization on the fork day</h2>"
        f"<p>{_e(fork['date'])}: members {members}. Chair: {_e(fork.get('chair') or '-')}"
        + (f" ({_e(fork['chair_head'])})" if fork.get("chair_head") else "")
        + f". Secretary-General: {_e(fork.get('secretary_general') or '-')}. Instruments in "
        f"force: {_e(', '.join(fork.get('instruments', {})))}. "
        f"{fork.get('set_aside', 0)} record events on or after that day were set aside: the "
        "class played them.</p>"
    )
    parts.append(_outcome_section(doc))
    if doc["charts"].get("timeline"):
        parts.append(f"<figure>{doc['charts']['timeline']}</figure>")
    parts.append("<h2>Timeline, turn by turn</h2>")
    rows, classes = [], []
    for t in doc["timeline"]:
        law = ", ".join(x.replace("_", " ") for x in t["law"]) or "-"
        if t.get("departures"):
            law += "; departure: " + "; ".join(_e(d.get("why")) for d in t["departures"])
        who = _e(t["seat"]) + (" <span class=bot>(bot)</span>" if t["bot"] else "")
        says = _e(t["says"]) + (
            f"<br><span class=small>{_e(t['why'])}</span>" if t.get("why") else ""
        )
        rows.append(
            [str(t["turn"]), _e(t["game_date"]), who, says, law, _e(", ".join(t["articles"]))]
        )
        classes.append("departure" if t.get("departures") else "")
    parts.append(
        _table(["turn", "in-game date", "seat", "move", "the law", "articles"], rows, classes)
    )
    parts.append("<h2>Articles the engine applied</h2>")
    parts.append(
        _table(
            ["article", "turns (accepted)", "turns (refused)"],
            [
                [
                    _e(a["article"]),
                    _e(", ".join(map(str, a["turns"]))),
                    _e(", ".join(map(str, a["refused_turns"]))),
                ]
                for a in doc["articles"]
            ],
        )
    )
    parts.append("<h2>Refusals</h2>")
    parts.append(
        _table(
            ["turn", "seat", "move", "kind", "why", "articles"],
            [
                [
                    str(r["turn"])
                    + (f" (branch {r['branch']}, abandoned)" if r["abandoned"] else ""),
                    _e(r["seat"]) + (" (bot)" if r["bot"] else ""),
                    _e(r["verb"]),
                    _e(r["kind"]),
                    _e("; ".join(r["reasons"])),
                    _e(", ".join(r["articles"])),
                ]
                for r in doc["refusals"]
            ],
            ["refused"] * len(doc["refusals"]),
        )
    )
    parts.append("<h2>Departures from the rules</h2>")
    parts.append(
        _table(
            ["turn", "seat", "move", "the law said", "articles", "why"],
            [
                [
                    str(d["turn"])
                    + (f" (branch {d['branch']}, abandoned)" if d["abandoned"] else ""),
                    _e(d["seat"]),
                    _e(d["verb"]),
                    _e(str(d.get("outcome")).replace("_", " ")),
                    _e(", ".join(d.get("articles") or [])),
                    _e(d.get("why")),
                ]
                for d in doc["departures"]
            ],
            ["departure"] * len(doc["departures"]),
        )
    )
    parts.append("<h2>Who blocked what</h2>")
    parts.append(
        _table(
            ["draft", "blocked by", "turn", "what followed", "articles"],
            [
                [
                    _e(b["draft"]),
                    _e(", ".join(b["names"])),
                    str(b["turn"])
                    + (f" (branch {b['branch']}, abandoned)" if b["abandoned"] else ""),
                    _e(b["what"]),
                    _e(", ".join(b["articles"])),
                ]
                for b in doc["blocked"]
            ],
        )
    )
    parts.append("<h2>Drafts</h2>")
    parts.append(
        _table(
            ["draft", "by", "kind", "status", "positions"],
            [
                [
                    _e(d["subject"]),
                    _e(d["by"]),
                    _e(d["kind"] + (f" ({d['form']})" if d["form"] else "")),
                    _e(d["status"].replace("_", " ")),
                    _e(", ".join(f"{k} {v}" for k, v in d["positions"].items())),
                ]
                for d in doc["drafts"]
            ],
        )
    )
    if doc["injects"]:
        parts.append("<h2>Injects</h2>")
        parts.append(
            _table(
                ["turn", "kind", "what", "in-game date", "facts added"],
                [
                    [
                        str(i["turn"]),
                        _e(i["kind"]),
                        f"<b>{_e(i['title'])}</b> {_e(i['text'])}",
                        _e(i["date"] or "-"),
                        _e(", ".join(i["facts"]) or "-"),
                    ]
                    for i in doc["injects"]
                ],
            )
        )
    parts.append("<h2>Private channels</h2>")
    private = doc["private"]
    if private["open"]:
        for ch in private["channels"]:
            parts.append(f"<h3>{_e(ch['id'])}</h3>")
            parts.append(
                _table(
                    ["turn", "from", "message"],
                    [[str(m["turn"]), _e(m["seat"]), _e(m["text"])] for m in ch["messages"]],
                )
            )
        if not private["channels"]:
            parts.append("<p class=small>No private messages were sent.</p>")
        if private.get("abandoned"):
            parts.append("<h3>Messages in abandoned branches</h3>")
            parts.append(
                _table(
                    ["branch", "turn", "from", "to", "message"],
                    [
                        [
                            str(m["branch"]),
                            str(m["turn"]),
                            _e(m["seat"]),
                            _e(", ".join(x for x in m["members"] if x != m["seat"])),
                            _e(m["text"]),
                        ]
                        for m in private["abandoned"]
                    ],
                )
            )
    else:
        parts.append(
            f"<p>{private['sealed']} private channel(s), sealed: {_e(private['says'])}.</p>"
        )
    if doc["branches"]:
        parts.append("<h2>Abandoned branches (kept, never overwritten)</h2>")
        for b in doc["branches"]:
            parts.append(
                f"<p>Branch {b['branch']}: the turns the facilitator abandoned by going back to "
                f"turn {b['back_to']} (play went on as branch {b['then']}).</p>"
            )
            parts.append(
                _table(
                    ["turn", "in-game date", "move", "the law"],
                    [
                        [str(t["turn"]), _e(t["game_date"]), _e(t["says"]), _e(", ".join(t["law"]))]
                        for t in b["turns"]
                    ],
                )
            )
    parts.append("<h2>Seats</h2>")
    parts.append(
        _table(
            ["seat", "role", "played at start", "now", "turns", "bot turns", "refused"],
            [
                [
                    _e(s["seat"]),
                    _e(s["role"]),
                    _e(s["played_at_start"]),
                    _e(s["played_now"]),
                    str(s["turns"]),
                    str(s["bot_turns"]),
                    str(s["refused"]),
                ]
                for s in doc["seats"]
            ],
        )
    )
    title = f"After-action report: {ex['title']}"
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n"
    )


def _outcome_section(doc: dict[str, Any]) -> str:
    mine = doc["outcome"]
    history = doc.get("history")
    sim = doc.get("simulation")
    cols = [f"<div class=box><h3>The class</h3><p>{_e(mine['says'])}.</p></div>"]
    if history:
        said = history.get("says") or "See the record's events below."
        cols.append(f"<div class=box><h3>History</h3><p>{_e(said)}</p></div>")
    if sim:
        cols.append(f"<div class=box><h3>The model</h3><p>{_e(sim['says'])}</p></div>")
    out = "<h2>What the class did, what history did, what the model expects</h2>"
    out += f"<div class=cols>{''.join(cols)}</div>"
    if sim and doc["charts"].get("simulation"):
        out += f"<figure>{doc['charts']['simulation']}</figure>"
    if history:
        if history.get("episode"):
            ep = history["episode"]
            out += f"<h3>The documented episode: {_e(ep['title'])}</h3><p>{_e(ep['summary'])}</p>"
            out += _table(
                ["date", "the real Council", "done", "record"],
                [
                    [
                        _e(s["date"]),
                        _e(s["says"]),
                        "yes" if s["done"] else "no",
                        _e(", ".join(s["events"])),
                    ]
                    for s in ep["steps"]
                ],
            )
        if history.get("events"):
            out += f"<h3>The record, {_e(history['window'][0])} to {_e(history['window'][1])}</h3>"
            out += _table(
                ["date", "event", "what happened", "sources"],
                [
                    [_e(e["date"]), _e(e["type"]), _e(e["summary"]), _e(", ".join(e["sources"]))]
                    for e in history["events"]
                ],
            )
    return out


def write_html(doc: dict[str, Any], path: Path) -> Path:
    path.write_text(render_html(doc), encoding="utf-8")
    return path


def write_pdf(doc: dict[str, Any], path: Path) -> int:
    """The same page as a PDF (WeasyPrint; offline); the number of pages."""
    try:
        import weasyprint
    except ImportError:
        raise InputError(
            "the PDF report needs WeasyPrint: pip install 'csto[exercise]'",
            (Problem("weasyprint is not installed", field="--pdf"),),
        ) from None
    rendered = weasyprint.HTML(string=render_html(doc)).render()
    rendered.write_pdf(str(path))
    return len(rendered.pages)
