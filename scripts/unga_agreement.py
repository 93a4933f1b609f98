"""Derive the UN General Assembly agreement table the simulation's delegations read.

Source: the ``unvotes`` R package (``dgrtwo/unvotes`` on GitHub, MIT licence, YEAR 2016,
COPYRIGHT HOLDER David Robinson), whose ``data/un_votes.rda`` and ``data/un_roll_calls.rda``
are Erik Voeten's UNGA roll-call data (Harvard Dataverse hdl:1902.1/12379) with absences and
non-membership removed (yes / abstain / no only). This script reads both with the ``rdata``
package (a script dependency only: ``pip install 'csto[simsource]'``), keeps the roll calls
from 1992 on, and for every pair of the states in ``STATES`` and every calendar year counts
the roll calls on which both voted (``common``) and those on which they voted alike
(``identical``). It writes:

- ``src/csto/sim/data/unga_agreement.csv``: a, b, year, common, identical (a < b, ISO 3166-1
  alpha-3 codes);
- ``src/csto/sim/data/unga_agreement.json``: where the rows come from (repository, commit,
  files, SHA-256), how they were derived, the country names each code was matched to, the
  citation Voeten asks for, and the terms of the data.

Usage: python scripts/unga_agreement.py GIT_DIR   (a clone or mirror of dgrtwo/unvotes)
Re-run when the package's data change; review the diff like any data change.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src" / "csto" / "sim" / "data"
FIRST_YEAR = 1992
FILES = ("data/un_votes.rda", "data/un_roll_calls.rda", "LICENSE", "data-raw/README.md")

#: ISO 3166-1 alpha-3 -> (alpha-2 as the package codes it, the English short name it uses):
#: the parties to the Treaty, and the neighbours and powers the shipped scenarios may name
STATES = {
    "AFG": ("AF", "Afghanistan"),
    "ARM": ("AM", "Armenia"),
    "AZE": ("AZ", "Azerbaijan"),
    "BLR": ("BY", "Belarus"),
    "CHN": ("CN", "China"),
    "GEO": ("GE", "Georgia"),
    "IRN": ("IR", "Iran"),
    "KAZ": ("KZ", "Kazakhstan"),
    "KGZ": ("KG", "Kyrgyzstan"),
    "POL": ("PL", "Poland"),
    "RUS": ("RU", "Russia"),
    "TJK": ("TJ", "Tajikistan"),
    "TUR": ("TR", "Turkey"),
    "UKR": ("UA", "Ukraine"),
    "USA": ("US", "United States"),
    "UZB": ("UZ", "Uzbekistan"),
}


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True
    ).stdout


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import rdata
    except ImportError:
        print("this script needs rdata: pip install 'csto[simsource]'", file=sys.stderr)
        return 2
    repo = _git_dir(Path(argv[1]))
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    frames: dict[str, Any] = {}
    files: list[dict[str, str]] = []
    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in FILES:
            blob = _git(repo, "show", f"{commit}:{name}")
            files.append({"path": name, "sha256": hashlib.sha256(blob).hexdigest()})
            if name.endswith(".rda"):
                local = Path(tmp) / Path(name).name
                local.write_bytes(blob)
                with warnings.catch_warnings():  # rdata notes the R classes it maps to pandas
                    warnings.simplefilter("ignore")
                    frames.update(rdata.read_rda(str(local)))
            else:
                texts[name] = blob.decode("utf-8")
    votes, calls = frames["un_votes"], frames["un_roll_calls"]
    epoch = dt.date(1970, 1, 1)
    year_of = {
        int(r.rcid): (epoch + dt.timedelta(days=int(r.date))).year
        for r in calls[["rcid", "date"]].itertuples()
    }
    by_alpha2 = {a2: code for code, (a2, _) in STATES.items()}
    names: dict[str, set[str]] = defaultdict(set)
    ballots: dict[str, dict[int, str]] = defaultdict(dict)
    kept = votes[votes["country_code"].isin(list(by_alpha2))]
    for r in kept[["rcid", "country", "country_code", "vote"]].itertuples():
        rcid = int(r.rcid)
        if year_of[rcid] < FIRST_YEAR:
            continue
        code = by_alpha2[str(r.country_code)]
        names[code].add(str(r.country))
        ballots[code][rcid] = str(r.vote)
    for code, (_, expected) in STATES.items():
        if names[code] != {expected}:
            print(f"{code}: the data name it {sorted(names[code])}, expected {expected!r}")
            return 1
    rows: list[tuple[str, str, int, int, int]] = []
    for a, b in combinations(sorted(STATES), 2):
        common: dict[int, int] = defaultdict(int)
        same: dict[int, int] = defaultdict(int)
        va, vb = ballots[a], ballots[b]
        for rcid in va.keys() & vb.keys():
            year = year_of[rcid]
            common[year] += 1
            same[year] += va[rcid] == vb[rcid]
        rows.extend((a, b, year, common[year], same[year]) for year in sorted(common))
    last_day = max(epoch + dt.timedelta(days=int(d)) for d in calls["date"])
    last = last_day.year
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "unga_agreement.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["a", "b", "year", "common", "identical"])
        writer.writerows(rows)
    meta = {
        "what": (
            "UN General Assembly roll calls on which two states both voted (common) and voted "
            f"alike (identical), by calendar year of the vote, {FIRST_YEAR}-{last}, for every "
            "pair of the states listed"
        ),
        "derived_by": "scripts/unga_agreement.py",
        "last_roll_call": last_day.isoformat(),
        "complete_to": last - 1 if last_day.month < 9 else last,
        "repository": "https://github.com/dgrtwo/unvotes",
        "commit": commit,
        "files": files,
        "reader": f"rdata {rdata.__version__}",
        "method": (
            "Votes are yes, abstain or no (the package drops absences and non-membership); "
            "two states agree on a roll call when both cast the same one of the three. The "
            "year is that of the roll call's date. Agreement over a window of years is "
            "sum(identical) / sum(common). The sessions' roll calls fall mostly in the autumn, "
            "so a year is complete only once its autumn is in the data: 'complete_to'."
        ),
        "states": {
            code: {"alpha2": a2, "name_in_data": name} for code, (a2, name) in STATES.items()
        },
        "citation": (
            'Erik Voeten, "Data and Analyses of Voting in the UN General Assembly", in Bob '
            "Reinalda (ed.), Routledge Handbook of International Organization (2013); data: "
            "Harvard Dataverse, hdl:1902.1/12379. Packaged by David Robinson, unvotes (R)."
        ),
        "terms": (
            "The unvotes package is MIT-licensed (LICENSE: 'YEAR: 2016, COPYRIGHT HOLDER: "
            "David Robinson'). Its data-raw/README.md says that, as listed on the Dataverse "
            "terms page, the data files are dedicated to the public domain under CC0; we read "
            "that statement in the package, not the Dataverse page itself. Voeten asks to be "
            "cited (above). Only counts derived from the votes are shipped here."
        ),
        "license_text": texts["LICENSE"].strip(),
        "data_terms_statement": next(
            line.strip() for line in texts["data-raw/README.md"].splitlines() if "CC0" in line
        ),
    }
    (OUT / "unga_agreement.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(rows)} rows ({len(STATES)} states, {FIRST_YEAR}-{last}); {commit[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
