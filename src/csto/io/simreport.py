"""The simulation's charts and HTML reports, drawn offline: Altair specifications rendered to
SVG by vl-convert (no scripts, no CDN; the page opens from disk).

Charts: P(act) by variant with its 95 % interval, the form of help, the days to a decision,
blocking and decisiveness by delegation, the retrodiction table, and sweep heatmaps.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csto.sim.api import Simulation
    from csto.sim.models.summary import VariantSummary
    from csto.sim.sweep import SweepResult

__all__ = [
    "act_chart",
    "blocking_chart",
    "days_chart",
    "heatmap_chart",
    "outcomes_chart",
    "page",
    "svg",
    "sweep_body",
    "write_simulation_html",
]

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2em}
small{color:#666}figure{margin:1em 0}.bad{background:#fbe3e3}.good{background:#e6f4e6}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page."""
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


def svg(spec: Mapping[str, Any]) -> str:
    """A Vega-Lite specification rendered to SVG, offline."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(dict(spec)))


def _alt() -> Any:
    import altair as alt

    return alt


def act_chart(
    summaries: Sequence[VariantSummary], title: str = "P(act) by variant"
) -> dict[str, Any]:
    alt = _alt()
    rows = [
        {"variant": v.id, "p": v.act.p, "lo": v.act.interval[0], "hi": v.act.interval[1]}
        for v in summaries
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("variant:N", sort=None, title=None))
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("p:Q", title="P(the Council acts)", scale=alt.Scale(domain=[0, 1]))
    )
    rules = base.mark_rule(color="#222").encode(x="lo:Q", x2="hi:Q")
    return (bars + rules).properties(title=title, width=420, height=24 * len(rows)).to_dict()  # type: ignore[no-any-return]


def outcomes_chart(summaries: Sequence[VariantSummary]) -> dict[str, Any]:
    alt = _alt()
    rows = [
        {"variant": v.id, "outcome": name, "p": rate.p, "order": i}
        for v in summaries
        for i, (name, rate) in enumerate(v.outcomes.items())
    ]
    return (  # type: ignore[no-any-return]
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("variant:N", sort=None, title=None),
            x=alt.X("p:Q", stack="normalize", title="share of replications"),
            color=alt.Color("outcome:N", sort=list(summaries[0].outcomes)),
            order="order:Q",
        )
        .properties(title="What the Council decides", width=420, height=24 * len(summaries))
        .to_dict()
    )


def days_chart(summaries: Sequence[VariantSummary]) -> dict[str, Any]:
    alt = _alt()
    rows = [
        {"variant": v.id, "day": day, "p": k / v.n}
        for v in summaries
        for day, k in sorted(v.days.items())
    ]
    return (  # type: ignore[no-any-return]
        alt.Chart(alt.Data(values=rows or [{"variant": "-", "day": 0, "p": 0}]))
        .mark_line(point=True)
        .encode(
            x=alt.X("day:Q", title="days from the request to the decision"),
            y=alt.Y("p:Q", title="share of replications deciding that day"),
            color="variant:N",
        )
        .properties(title="Time to a decision", width=420, height=200)
        .to_dict()
    )


def blocking_chart(
    summaries: Sequence[VariantSummary], measure: str = "blocks_last"
) -> dict[str, Any]:
    alt = _alt()
    label = {
        "blocks_last": "share of failed runs it blocked at the end",
        "decisive": "share of runs its vote decided (Laruelle-Valenciano)",
    }[measure]
    rows = [
        {"variant": v.id, "state": s.state, "p": getattr(s, measure).p}
        for v in summaries
        for s in v.states
        if s.voter and getattr(s, measure).n
    ]
    return (  # type: ignore[no-any-return]
        alt.Chart(alt.Data(values=rows or [{"variant": "-", "state": "-", "p": 0}]))
        .mark_bar()
        .encode(
            x=alt.X("state:N", title=None),
            xOffset="variant:N",
            y=alt.Y("p:Q", title=label),
            color="variant:N",
        )
        .properties(title=label[0].upper() + label[1:], width=420, height=200)
        .to_dict()
    )


def heatmap_chart(
    rows: Iterable[Mapping[str, Any]], x: str, y: str, value: str, title: str
) -> dict[str, Any]:
    alt = _alt()
    return (  # type: ignore[no-any-return]
        alt.Chart(alt.Data(values=list(rows)))
        .mark_rect()
        .encode(
            x=alt.X(f"{x}:O"),
            y=alt.Y(f"{y}:O"),
            color=alt.Color(f"{value}:Q", scale=alt.Scale(domain=[0, 1], scheme="viridis")),
            tooltip=[x, y, value],
        )
        .properties(title=title, width=360, height=240)
        .to_dict()
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def simulation_body(sim: Simulation) -> str:
    """The report's body (shared by the static page and the web's /sim page)."""
    sc = sim.scenario
    s = sim.summaries
    parts = [
        f"<h1>{_e(sc.title)}</h1>",
        f"<p>{_e(sc.about)}</p>",
        f"<p><small>{_e(sc.id)} - {sc.date} - profile {_e(sc.rules.profile)} - "
        f"{sim.plan.replications:,} replications - horizon {sc.horizon} days</small></p>",
    ]
    parts += [f"<p><b>note</b>: {_e(n)}</p>" for n in sim.plan.notes]
    for spec in (
        act_chart(s),
        outcomes_chart(s),
        days_chart(s),
        blocking_chart(s),
        blocking_chart(s, "decisive"),
    ):
        parts.append(f"<figure>{svg(spec)}</figure>")
    parts.append(
        _table(
            ["variant", "P(act)", "95% CI", *s[0].outcomes, "median days", "request", "rule"],
            (
                [
                    v.id,
                    f"{v.act.p:.3f}",
                    f"{v.act.interval[0]:.3f}-{v.act.interval[1]:.3f}",
                    *(f"{r.p:.3f}" for r in v.outcomes.values()),
                    "-" if v.days_median is None else v.days_median,
                    f"{v.request} ({v.request_article or '-'})",
                    v.rule,
                ]
                for v in s
            ),
        )
    )
    parts.append("<h2>Delegations and their sources</h2>")
    parts.append(
        _table(
            ["state", "parameter", "distribution", "mean", "source"],
            (
                [
                    d.state,
                    p.name,
                    str(p.dist),
                    f"{p.dist.mean:.3f}",
                    f"{p.source.kind}: {p.source.says}",
                ]
                for d in sim.plan.delegations
                for p in d.params
            ),
        )
    )
    parts.append(
        _table(
            ["model parameter", "distribution", "source"],
            ([p.name, str(p.dist), f"{p.source.kind}: {p.source.says}"] for p in sim.plan.model),
        )
    )
    parts.append("<h2>Receipt</h2>")
    receipt = {k: v for k, v in sim.receipt.items() if k != "batch_digests"}
    parts.append(f"<pre>{_e(json.dumps(receipt, indent=1))}</pre>")
    return "".join(parts)


def sweep_body(result: SweepResult) -> str:
    """A sweep's page: P(act) as heatmaps (a grid: the first two axes, one chart per
    variant; one axis: the axis against the variants) or against the first axis (a random
    sweep), and the table of every point."""
    names = [a.name for a in result.axes]
    rows = list(result.rows)
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    m = result.manifest
    parts = [
        f"<h1>Sweep: {_e(result.scenario.title)}</h1>",
        f"<p>A {_e(result.kind)} sweep over {_e(', '.join(names))}: {len(result.points)} "
        f"points, {len(variants)} variant(s), {m['replications']:,} replications each, seed "
        f"{m['seed']} at every point (common random numbers). Manifest: csto "
        f"{_e(m['csto_version'])}, record <code>{_e(m['record_digest'][:12])}</code>, scenario "
        f"<code>{_e(m['scenario']['digest'][7:19])}</code>, numpy "
        f"{_e(m['environment']['numpy'])}.</p>",
    ]
    alt = _alt()

    def heat(data: list[dict[str, Any]], title: str, x: str, y: str) -> str:
        # fields are x, y, p: an axis name such as KAZ.attendance would read as a nested field
        spec = (
            alt.Chart(alt.Data(values=data))
            .mark_rect()
            .encode(
                x=alt.X("x:O", title=x),
                y=alt.Y("y:O", title=y),
                color=alt.Color(
                    "p:Q", title="P(act)", scale=alt.Scale(domain=[0, 1], scheme="viridis")
                ),
                tooltip=[
                    alt.Tooltip("x:O", title=x),
                    alt.Tooltip("y:O", title=y),
                    alt.Tooltip("p:Q", title="P(act)", format=".3f"),
                ],
            )
            .properties(title=title, width=360, height=240)
            .to_dict()
        )
        return f"<figure>{svg(spec)}</figure>"

    if result.kind == "grid" and len(names) >= 2:
        if len(names) > 2:
            parts.append(
                f"<p>The heatmaps show the first two axes; each cell is the mean over "
                f"{_e(', '.join(names[2:]))}.</p>"
            )
        for v in variants:
            cells: dict[tuple[float, float], list[float]] = {}
            for r in rows:
                if r["variant"] == v:
                    cells.setdefault((r[names[0]], r[names[1]]), []).append(r["p_act"])
            data = [
                {"x": f"{x:g}", "y": f"{y:g}", "p": sum(ps) / len(ps)}
                for (x, y), ps in cells.items()
            ]
            parts.append(heat(data, f"P(act), {v}", names[0], names[1]))
    elif result.kind == "grid":
        data = [{"x": f"{r[names[0]]:g}", "y": r["variant"], "p": r["p_act"]} for r in rows]
        parts.append(heat(data, "P(act) by variant", names[0], "variant"))
    else:
        points = [{"x": r[names[0]], "p": r["p_act"], "variant": r["variant"]} for r in rows]
        spec = (
            alt.Chart(alt.Data(values=points))
            .mark_point()
            .encode(
                x=alt.X("x:Q", title=names[0]),
                y=alt.Y("p:Q", title="P(act)", scale=alt.Scale(domain=[0, 1])),
                color=alt.Color("variant:N"),
            )
            .properties(title=f"P(act) against {names[0]}", width=480, height=280)
            .to_dict()
        )
        parts.append(f"<figure>{svg(spec)}</figure>")
    parts.append(
        _table(
            ["point", *names, "variant", "P(act)", "95 % interval"],
            (
                [
                    r["point"],
                    *(f"{r[n]:.4g}" for n in names),
                    r["variant"],
                    f"{r['p_act']:.4f}",
                    f"{r['ci95_low']:.4f} - {r['ci95_high']:.4f}",
                ]
                for r in rows
            ),
        )
    )
    return "".join(parts)


def write_simulation_html(sim: Simulation, out: Path) -> Path:
    """Write ``<scenario>.html`` into ``out``; return its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{sim.scenario.id}.html"
    path.write_text(page(sim.scenario.title, simulation_body(sim)), encoding="utf-8")
    return path


def retrodiction_chart(result: Any) -> dict[str, Any]:
    alt = _alt()
    rows = [
        {"episode": e.id, "measure": m, "p": getattr(e, m)}
        for e in result.episodes
        for m in ("prior", "posterior", "loo")
    ]
    return (  # type: ignore[no-any-return]
        alt.Chart(alt.Data(values=rows))
        .mark_point(filled=True, size=80)
        .encode(
            y=alt.Y("episode:N", sort=None, title=None),
            x=alt.X("p:Q", title="P(what history did)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("measure:N", sort=["prior", "posterior", "loo"]),
            shape="measure:N",
        )
        .properties(
            title="Retrodiction of the documented episodes",
            width=420,
            height=28 * len(result.episodes),
        )
        .to_dict()
    )


def retrodiction_body(result: Any) -> str:
    parts = ["<h1>Retrodiction</h1>", f"<figure>{svg(retrodiction_chart(result))}</figure>"]
    parts.append(
        _table(
            [
                "episode",
                "history",
                "prior",
                "posterior",
                "leave-one-out",
                "Brier",
                "fitted",
                "verdict",
            ],
            (
                [
                    e.id,
                    e.history,
                    f"{e.prior:.3f}",
                    f"{e.posterior:.3f}",
                    f"{e.loo:.3f}",
                    f"{e.brier:.3f}",
                    "yes" if e.fit else f"no: {e.why_not}",
                    "retrodicted" if e.retrodicted else "NOT retrodicted",
                ]
                for e in result.episodes
            ),
        )
    )
    parts.append(
        _table(
            ["parameter", "mean", "sd", "5%", "50%", "95%"],
            (
                [
                    p.name,
                    f"{p.mean:.3g}",
                    f"{p.sd:.3g}",
                    f"{p.q05:.3g}",
                    f"{p.q50:.3g}",
                    f"{p.q95:.3g}",
                ]
                for p in result.params
            ),
        )
    )
    parts.append(
        f"<p>Fitted episodes: log-likelihood {result.log_likelihood:.3f} in sample, "
        f"{result.loo_log_likelihood:.3f} leave-one-out; Brier {result.brier:.3f}; effective "
        f"sample {result.ess:.0f} of {len(result.weights)} draws.</p>"
    )
    return "".join(parts)


def write_retrodiction_html(result: Any, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "retrodiction.html"
    path.write_text(page("Retrodiction", retrodiction_body(result)), encoding="utf-8")
    return path
