"""Rewrite the retrodiction tables of docs/sim.md from the shipped calibration
(src/csto/sim/data/calibration.json), between the calibration:start/end markers.
tests/sim/test_calibration.py checks that the docs are current.

Usage: python scripts/sim_docs.py   (after 'csto sim calibrate')
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "sim.md"
CAL = ROOT / "src" / "csto" / "sim" / "data" / "calibration.json"
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def block() -> str:
    doc = json.loads(CAL.read_text(encoding="utf-8"))
    rows = [
        f"| `{e['id']}` | {e['history']} | {e['prior']:.3f} | {e['posterior']:.3f} | "
        f"{e['loo']:.3f} | {'yes' if e['fit'] else 'no'} | "
        f"{'retrodicted' if e['retrodicted'] else '**not retrodicted**'} |"
        for e in doc["episodes"]
    ]
    post = [
        f"| `{k}` | {v['mean']:.3g} | {v['sd']:.3g} | {v['q05']:.3g} | {v['q95']:.3g} |"
        for k, v in doc["posterior"].items()
    ]
    sc = doc["scores"]
    missed = [e["id"] for e in doc["episodes"] if e["fit"] and not e["retrodicted"]]
    return "\n".join(
        [
            START,
            f"With the shipped calibration (receipt `{doc['receipt']['digest'][:19]}`, record "
            f"`{doc['receipt']['record_digest'][:19]}`, effective sample {doc['ess']:.0f} of "
            f"{len(doc['weights'])} draws):",
            "",
            "| episode | history | prior | posterior | leave-one-out | fitted | |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Fitted episodes: log-likelihood {sc['log_likelihood']:.2f} in sample, "
            f"{sc['loo_log_likelihood']:.2f} leave-one-out; Brier {sc['brier']:.3f}. "
            + (
                "Not retrodicted out of sample: " + ", ".join(f"`{m}`" for m in missed) + "."
                if missed
                else "Every fitted episode is retrodicted out of sample."
            ),
            "",
            "| parameter | mean | sd | 5 % | 95 % |",
            "|---|---|---|---|---|",
            *post,
            END,
        ]
    )


def render() -> str:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + block() + tail


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
