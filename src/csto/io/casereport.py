"""Write the conformance report as static HTML: a summary page (totals, the compliance
statement, every episode) and one page per episode (its timeline from the record, each step's
verdict under every profile and variant, the engine's reasons, the sources). No scripts, no
external assets: the pages open from disk."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from csto.cases.conformance import EpisodeRun
from csto.cases.episode import RESULTS
from csto.cases.report import changes, compliance
from csto.law.readings import Catalogue
from csto.record.record import Record

__all__ = ["write_html"]

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.conforms{background:#e6f4e6}
.departed{background:#fbe3e3}.contested{background:#fff4d6}.engine_wrong{background:#f3c1c1}
code{background:#f3f3f3;padding:0 .2em}small{color:#666}li{margin:.2em 0}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


def _badge(result: str) -> str:
    return f'<span class="{_e(result)}">{_e(result)}</span>'


def write_html(
    runs: Sequence[EpisodeRun], catalogue: Catalogue, record: Record, out: Path
) -> list[Path]:
    """Write index.html and one page per episode into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "index.html"]
    written[0].write_text(_index(runs, catalogue), encoding="utf-8")
    for run in runs:
        path = out / f"{run.episode.id}.html"
        path.write_text(_episode(run, record), encoding="utf-8")
        written.append(path)
    return written


def _index(runs: Sequence[EpisodeRun], catalogue: Catalogue) -> str:
    rows = "".join(
        f'<tr class="{_e(r.result)}"><td><a href="{_e(r.episode.id)}.html">{_e(r.episode.id)}</a>'
        f"</td><td>{_e(r.episode.title)}</td><td>{_e(r.episode.start)}</td>"
        f"<td>{len(r.steps)}</td><td>{_badge(r.result)}</td></tr>"
        for r in runs
    )
    legend = "".join(f"<li>{_badge(k)}: {_e(v)}</li>" for k, v in RESULTS.items())
    statement = ""
    for item in compliance(runs, catalogue):
        if not item["steps"]:
            statement += (
                f"<tr><td><code>{_e(item['reading'])}</code></td><td>{_e(item['question'])}</td>"
                "<td colspan=2><small>no episode turns on it</small></td></tr>"
            )
            continue
        support = ", ".join(
            f"{_e(k)}: {v}/{len(item['steps'])}" for k, v in item["supported"].items()
        )
        supports = ", ".join(item["history_supports"]) or "no single option"
        statement += (
            f"<tr><td><code>{_e(item['reading'])}</code></td><td>{_e(item['question'])}</td>"
            f"<td>{support}<br><small>{_e(', '.join(item['steps']))}</small></td>"
            f"<td><b>{_e(supports)}</b></td></tr>"
        )
    changed = "".join(
        f'<tr><td><a href="{_e(c["episode"])}.html">{_e(c["episode"])}</a> / {_e(c["step"])}</td>'
        f"<td>{_e(', '.join(c['what_changes']))}</td><td>"
        + "<br>".join(f"{_e(name)}: {_e(v['outcome'])}" for name, v in c["verdicts"].items())
        + "</td></tr>"
        for c in changes(runs)
    )
    body = (
        "<h1>csto: history as a conformance suite</h1>"
        f"<p>{len(runs)} documented episodes replayed through the law engine under every "
        "interpretation profile, every reading the verdicts depend on, and every rule variant."
        f"</p><ul>{legend}</ul>"
        "<h2>Compliance statement</h2><p>For each open question of the law: in how many of the "
        "steps that turn on it history conforms under each reading, and the reading(s) history "
        "supports throughout.</p><table><tr><th>reading</th><th>question</th>"
        f"<th>steps conforming per option</th><th>history supports</th></tr>{statement}</table>"
        "<h2>Where the verdicts change</h2><p>Steps whose verdict differs between the "
        "profiles or the rule variants.</p><table><tr><th>step</th><th>what changes</th>"
        f"<th>verdicts</th></tr>{changed}</table>"
        "<h2>Episodes</h2><table><tr><th>id</th><th>episode</th><th>from</th><th>steps</th>"
        f"<th>result</th></tr>{rows}</table>"
    )
    return _page("csto conformance report", body)


def _source_line(record: Record, source_id: str, locator: str | None) -> str:
    try:
        src = record.source(source_id)
    except KeyError:
        return f"<li>{_e(source_id)}</li>"
    link = f' <a href="{_e(src.url)}">{_e(src.url)}</a>' if src.url else ""
    where = f" ({_e(locator)})" if locator else ""
    return f"<li><code>{_e(src.id)}</code> {_e(src.title)}{where}{link}</li>"


def _episode(run: EpisodeRun, record: Record) -> str:
    ep = run.episode
    timeline = ""
    sources: dict[tuple[str, str | None], None] = {}
    for event_id in ep.events:
        event = record.event(event_id)
        for c in event.sources:
            sources[(c.source, c.locator)] = None
        when = event.date.earliest if event.date.precision == "day" else event.date.to_data()
        timeline += (
            f"<tr><td>{_e(when)}"
            f"</td><td><code>{_e(event.type)}</code></td><td>{_e(event.summary)}"
            f"<br><small>{_e(event.id)}</small></td></tr>"
        )
    for c in ep.sources:
        sources[(c.source, c.locator)] = None
    steps = ""
    for s in run.steps:
        verdicts = "".join(
            f"<tr><td>{_e(name)}</td><td>{_e(v.outcome)}</td><td>{_e(v.deciding_organ or '-')}"
            f"</td><td>{_e(v.decision_rule)}</td></tr>"
            for name, v in [
                *s.by_profile.items(),
                *((f"variant {k}", v) for k, v in s.by_variant.items()),
            ]
        )
        reasons = "".join(
            "<li>"
            + (f"<b>{_e(r.article)}</b> " if r.article else "")
            + _e(r.applied)
            + (
                f" <small>[reading {_e(r.reading[0])} = {_e(r.reading[1])}]</small>"
                if r.reading
                else ""
            )
            + "".join(f"<br><small>fact ({_e(f.basis)}): {_e(f.says)}</small>" for f in r.facts)
            + "</li>"
            for r in s.verdict.reasons
        )
        effects = "".join(
            f"<li>{_e(e.on) + ': ' if e.on else ''}{_e(e.says)}</li>" for e in s.verdict.effects
        )
        detail = ""
        if s.result == "departed":
            broken = ", ".join(s.departure) or ", ".join(s.verdict.rules)
            detail = (
                f"<p>History departed from <b>{_e(broken)}</b>: "
                f"{_e(s.step.expect.reason or '')}</p>"
            )
        elif s.result == "contested":
            detail = "".join(
                f"<p>Turns on <code>{_e(r)}</code>; history follows: "
                f"<b>{_e(', '.join(s.followed[r]) or 'none of the options')}</b></p>"
                for r in s.split_readings
            )
        problems = "".join(f"<li>{_e(p)}</li>" for p in s.problems)
        steps += (
            f'<h3 class="{_e(s.result)}">{_e(s.step.id)}: {_e(s.step.action.verb)} on '
            f"{_e(s.step.action.date)} - {_badge(s.result)}</h3>"
            + (f"<p><small>{_e(s.step.note)}</small></p>" if s.step.note else "")
            + f"<p>History: {_e(s.step.history.says)} "
            f"({'done' if s.step.history.done else 'not done'})</p>{detail}"
            + (f"<ul class=engine_wrong>{problems}</ul>" if problems else "")
            + "<table><tr><th>profile / variant</th><th>outcome</th><th>decided by</th>"
            f"<th>rule</th></tr>{verdicts}</table>"
            f"<h4>The engine's reasons (default profile)</h4><ol>{reasons}</ol>"
            + (f"<h4>What follows</h4><ul>{effects}</ul>" if effects else "")
        )
    cfs = "".join(
        f"<li><b>{_e(c.name)}</b> (step {_e(c.step)}): {_e(c.historical)} &rarr; "
        f"{_e(c.verdict.outcome)} (expected {_e(c.expected)})"
        + "".join(f"<br><small>{_e(p)}</small>" for p in c.problems)
        + "</li>"
        for c in run.counterfactuals
    )
    body = (
        f'<p><a href="index.html">&larr; all episodes</a></p><h1>{_e(ep.id)}: {_e(ep.title)} '
        f"{_badge(run.result)}</h1><p>{_e(ep.summary)}</p>"
        f"<h2>Timeline (the record)</h2><table><tr><th>date</th><th>event</th><th>what happened"
        f"</th></tr>{timeline}</table><h2>Steps</h2>{steps}"
        f"<h2>Counterfactuals</h2><ul>{cfs}</ul>"
        "<h2>Sources</h2><ul>"
        + "".join(_source_line(record, s, loc) for s, loc in sources)
        + "</ul>"
    )
    return _page(f"{ep.id} - csto", body)
