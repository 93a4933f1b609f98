"""``csto serve`` run as a user runs it, in its own process group, for the exercise's tests
that need a real server (a restart, several workers): started on a free port, waited for,
killed and started again on the same port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.web.conftest import free_port

__all__ = ["Server", "server_env"]


@dataclass
class Server:
    """``csto serve`` in its own process group, started again on the same port."""

    args: list[str]
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        exe = Path(sys.executable).parent / "csto"
        self.starts += 1
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(exe), "serve", "--port", str(self.port), *self.args],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/exercise", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"csto serve did not start:\n{self.log.read_text()[-4000:]}")
            time.sleep(0.1)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the server and its workers at once (the whole process group)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)


def server_env(tmp: Path) -> dict[str, str]:
    """The test's own data directory (the store's key file), kept across the restart."""
    return {**os.environ, "XDG_DATA_HOME": str(tmp / "data-home")}
