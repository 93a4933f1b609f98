"""Keep the record's digest manifest for this release: releases/record-VERSION.json.

Run when cutting a release (after bumping the version in pyproject.toml), commit the file
with the release and tag it (git tag vVERSION). Researchers then cite "csto VERSION, record
digest D" and see what moved since with 'csto record diff vVERSION shipped' or
'csto record diff releases/record-VERSION.json shipped'. A kept release is frozen: running
this again after the record changed, without a new version, fails and says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

from csto import __version__
from csto.errors import CstoError
from csto.io.recordfiles import load_record
from csto.io.snapshots import write_release_manifest

RELEASES = Path(__file__).resolve().parent.parent / "releases"


def main() -> int:
    try:
        path = write_release_manifest(load_record(), __version__, RELEASES)
    except CstoError as exc:
        print(f"release_record: {exc}", file=sys.stderr)
        return 2
    print(f"kept {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
