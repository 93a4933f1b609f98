"""Extract the CSTO rows of the Correlates of War IGO v3 data, with their provenance.

COW IGO v3 (1816-2014) ships as R data files in the public ``dieghernan/igoR`` repository
(``data/state_year_format3.rda`` and ``data/igo_year_format3.rda``, converted there from
COW's Stata files). This script reads both with the ``rdata`` package (a script dependency
only: ``pip install 'csto[cowsource]'``), keeps the CSTO column of the country-year table for
1992-2014 (every COW system state; -1 before the IGO's start year), checks it cell by cell
against the CSTO rows of the IGO-year table, and writes:

- ``src/csto/io/data/cow_igo_v3_csto.csv``: ccode, state, year, csto
- ``src/csto/io/data/cow_igo_v3_csto.json``: where the rows come from (repository, commit,
  files, SHA-256), the IGO's own fields (ionum, sdate, ...), the codebook's codes, the
  COW abbreviation and name of every state in the rows (COW's state list v2016), the citation
  COW asks for and the terms of the data.

Usage: python scripts/cow_igo_rows.py GIT_DIR   (a clone or mirror of dieghernan/igoR)
Re-run when igoR's data change; review the diff like any data change.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src" / "csto" / "io" / "data"
FIRST_YEAR, LAST_YEAR = 1992, 2014
FILES = ("data/state_year_format3.rda", "data/igo_year_format3.rda", "data/states2016.rda")


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
        print("this script needs rdata: pip install 'csto[cowsource]'", file=sys.stderr)
        return 2
    repo = _git_dir(Path(argv[1]))
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    frames: dict[str, Any] = {}
    files: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in FILES:
            blob = _git(repo, "show", f"{commit}:{name}")
            local = Path(tmp) / Path(name).name
            local.write_bytes(blob)
            files.append({"path": name, "sha256": hashlib.sha256(blob).hexdigest()})
            frames.update(rdata.read_rda(str(local)))
    states, igos, system = (
        frames["state_year_format3"],
        frames["igo_year_format3"],
        frames["states2016"],
    )
    years = states[(states["year"] >= FIRST_YEAR) & (states["year"] <= LAST_YEAR)]
    rows = sorted(
        (int(r.ccode), str(r.state), int(r.year), int(r.csto))
        for r in years[["ccode", "state", "year", "csto"]].itertuples()
    )
    igo = igos[igos["ioname"] == "CSTO"].sort_values("year")
    by_name = {(s, y): v for _, s, y, v in rows}
    checked = 0
    for rec in igo.to_dict("records"):
        for state in {s for s, _ in by_name}:
            value = rec.get(state)
            if value is None or value != value:  # absent or NaN: not in the system that year
                continue
            expected = by_name.get((state, int(rec["year"])))
            if expected != int(value):
                print(f"tables disagree: {state} {rec['year']}: {expected} vs {value}")
                return 1
            checked += 1
    first = igo.iloc[0]
    present = {c for c, _, _, _ in rows}
    names = {
        str(int(r.ccode)): [str(r.stateabb), str(r.statenme)]
        for r in system.itertuples()
        if int(r.ccode) in present
    }
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "cow_igo_v3_csto.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ccode", "state", "year", "csto"])
        writer.writerows(rows)
    meta = {
        "what": (
            "The CSTO column of the Correlates of War IGO v3 country-year table "
            f"(state_year_format3), {FIRST_YEAR}-{LAST_YEAR}, every COW system state"
        ),
        "extracted_by": "scripts/cow_igo_rows.py",
        "repository": "https://github.com/dieghernan/igoR",
        "commit": commit,
        "files": files,
        "reader": f"rdata {rdata.__version__}",
        "cross_check": (
            f"{checked} cells compared with the CSTO rows of igo_year_format3: all equal"
        ),
        "igo": {
            "ioname": str(first["ioname"]),
            "orgname": str(first["orgname"]),
            "longorgname": str(first["longorgname"]),
            "ionum": int(first["ionum"]),
            "sdate": int(first["sdate"]),
            "deaddate": None if first["deaddate"] != first["deaddate"] else first["deaddate"],
            "version": float(first["version"]),
        },
        "states": {
            "what": "ccode: [stateabb, statenme] of COW's State System Membership list v2016 "
            "(igoR data/states2016.rda, from correlatesofwar.org), for every state in the rows",
            "names": dict(sorted(names.items(), key=lambda kv: int(kv[0]))),
        },
        "codes": {
            "0": "No Membership",
            "1": "Full Membership",
            "2": "Associate Membership",
            "3": "Observer",
            "-9": "Missing data",
            "-1": "IGO Not In Existence",
        },
        "codebook": (
            "Pevehouse, McManus and Nordstrom, Codebook for Correlates of War 3 International "
            "Governmental Organizations Data Set Version 3.0 (July 2019), section III.B; "
            "shipped by igoR as data-raw/IGO Codebook_v3_short copy.pdf"
        ),
        "citation": (
            "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer "
            "Jamison (2020). Tracking Organizations in the World: The Correlates of War IGO "
            "Version 3.0 Datasets. Journal of Peace Research 57(3): 492-503. "
            "doi:10.1177/0022343319881175. Data version 3.0."
        ),
        "terms": (
            "Data (c) 2000-2021 the Correlates of War Project (igoR's DESCRIPTION and "
            "inst/COPYRIGHTS, taken from https://correlatesofwar.org/data-sets/igos/): users "
            "are asked to give the version number and cite the documentation above; COW "
            "data sets are offered free for public and academic use with citation. igoR's "
            "own code is GPL (>= 3); none of its code is copied here, only these data values. "
            "These rows are NOT covered by csto's licences."
        ),
    }
    (OUT / "cow_igo_v3_csto.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(rows)} rows; {checked} cells cross-checked; commit {commit[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
