"""How ``csto exercise`` prints a move's result and what a seat may see, in the terminal."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from csto.cli.output import console

__all__ = ["render_result", "render_view"]


def render_result(result: Any) -> None:
    if result.accepted:
        for turn in result.turns:
            who = turn["seat"] + (" (bot)" if turn.get("bot") else "")
            laws = [s["step"].get("verdict", {}).get("outcome") for s in turn.get("steps", ())]
            laws += [a.get("outcome") for a in turn.get("asked", ())]
            said = ", ".join(o for o in laws if o) or "no rule asked"
            console.print(
                f"[bold green]turn {turn['turn']}[/] {who}: {turn['move']['move']} "
                f"({turn['game_date']}) - the law: {said}"
            )
            for s in turn.get("steps", ()):
                dep = s["step"].get("departure")
                if dep:
                    console.print(f"  [yellow]departure: {escape(str(dep.get('why')))}[/]")
            if turn.get("why"):
                console.print(f"  [dim]{escape(turn['why'])}[/]")
        for r in result.bots_refused:
            console.print(f"  [red]{r.seat} (bot) refused:[/] {escape('; '.join(r.reasons))}")
        console.print(f"version {result.version}")
        return
    r = result.refusal
    console.print(f"[bold red]refused ({r.kind})[/]: {escape('; '.join(r.reasons))}")
    for v in r.verdicts:
        for reason in v.get("reasons", ())[-2:]:
            art = f"{reason.get('article')}: " if reason.get("article") else ""
            console.print(f"  {escape(art + str(reason.get('applied')))}")
    console.print(f"nothing changed; the exercise is at version {result.version}")


def render_view(doc: dict[str, Any], last: int) -> None:
    viewer = doc["viewer"]
    paused = f" - paused: {doc['paused']}" if doc["paused"] else ""
    console.print(
        f"[bold]{escape(doc['title'])}[/] ({doc['id']}) - {doc['phase']}{escape(paused)}; "
        f"in-game date {doc['game_date']}; turn {doc['turn']}, version {doc['version']}, "
        f"branch {doc['branch']}"
    )
    console.print(
        f"You: {viewer['seat']} ({viewer['role']}"
        + (f", {viewer['state']}" if viewer["state"] else "")
        + f"); rules: {doc['rules']['profile']} profile, {doc['rules']['variant']}"
    )
    for item in doc["agenda"]:
        timer = ""
        if item["minutes"]:
            left = item["seconds_left"]
            timer = (
                f" - {left / 60:.1f} min left"
                if left >= 0
                else f" - OVER TIME by {-left / 60:.1f} min"
            )
        console.print(f"  item {item['id']}: {escape(item['title'])} [{item['status']}]{timer}")
    if doc["item"]:
        queue = ", ".join(doc["queue"]) or "nobody"
        console.print(f"  floor: {doc['floor'] or 'nobody'}; waiting: {queue}")
    for d in doc["drafts"]:
        pos = ", ".join(f"{k} {v}" for k, v in d["positions"].items()) or "none yet"
        called = " (put to the Council)" if d["called"] else ""
        console.print(
            f"  draft {d['subject']!r} by {d['by']} [{d['status']}]{called}: positions {pos}"
        )
    for inj in doc["injects"]:
        console.print(f"  [magenta]inject[/] turn {inj['turn']}: {escape(inj['title'])}")
    for ch in doc["channels"]:
        console.print(f"  private channel {ch['id']}: {len(ch['messages'])} message(s)")
        for m in ch["messages"][-5:]:
            console.print(f"    {m['seat']}: {escape(m['text'])}")
    for line in doc.get("briefing", [])[:8]:
        console.print(f"  [dim]briefing: {escape(line['says'])}[/]")
    table = Table(title="Timeline", title_justify="left")
    for col in ("turn", "date", "move", "the law"):
        table.add_column(col, overflow="fold")
    for t in doc["timeline"][-last:] if last else []:
        law = ", ".join(x for x in t["law"] if x) or "-"
        if t.get("departures"):
            law += " [departure]"
        table.add_row(str(t["turn"]), t["game_date"], escape(t["says"]), law)
    if last:
        console.print(table)
    console.print("You may: " + (", ".join(m.replace("_", "-") for m in doc["next"]) or "nothing"))
