"""Re-run the commands of the README's ```console blocks and paste their real output.

Run ``python scripts/readme_session.py`` after a change that alters what they print; a
test (tests/test_docs.py) fails while the README shows output csto no longer prints.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def run(command: str) -> str:
    argv = shlex.split(command)
    exe = Path(sys.executable).parent / argv[0]
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(exe), *argv[1:]], capture_output=True, text=True, env=env, check=False
    )
    return (result.stdout + result.stderr).rstrip()


def refresh(text: str) -> str:
    def block(match: re.Match[str]) -> str:
        commands = [line[2:] for line in match.group(1).splitlines() if line.startswith("$ ")]
        body = "".join(f"$ {c}\n{run(c)}\n" for c in commands)
        return f"```console\n{body}```"

    return re.sub(r"```console\n(.*?)```", block, text, flags=re.S)


if __name__ == "__main__":
    README.write_text(refresh(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"refreshed {README}\n")
