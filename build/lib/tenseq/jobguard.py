"""Jobs die with their run: a watchdog beside every shell and script job.

Snakemake starts each local job as ``bash -c CMD``, a child in snakemake's own
process group; nothing ends it when snakemake itself dies. So a ``kill -9`` of
snakemake (or a lost terminal) left STAR, pydeseq2 or the ligand fit running,
and a rerun started the same job beside it: two writers on one output.
:func:`shell_prefix` puts this module in front of every job command: it polls
the snakemake process and, when that is gone, sends SIGTERM (then SIGKILL) to
every process the job started. It exits by itself when the job ends.
Run as ``python -m tenseq.jobguard RUN_PID JOB_PID``.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.5
GRACE_SECONDS = 5.0


def shell_prefix(python: str = sys.executable) -> str:
    """The ``shell.prefix`` of the workflow: strict bash plus the watchdog in the background.

    In ``bash -c`` started by snakemake, ``$PPID`` is snakemake and ``$$`` the job shell.
    """
    guard = f"{shlex.quote(python)} -m tenseq.jobguard $PPID $$ </dev/null >/dev/null 2>&1 &"
    return f"set -euo pipefail; {guard} "


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (children first found, grandchildren after)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def end_job(job: int, *, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM the job shell and everything under it; SIGKILL what is left after ``grace``."""
    me = os.getpid()
    targets = [p for p in [job, *descendants(job)] if p != me]
    _signal_all(targets, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in targets):
        time.sleep(0.1)
    _signal_all([p for p in targets if alive(p)], signal.SIGKILL)


def watch(run: int, job: int, *, poll: float = POLL_SECONDS) -> bool:
    """Wait while both live; end the job if the run died first. True when it ended the job."""
    while alive(job):
        if not alive(run):
            end_job(job)
            return True
        time.sleep(poll)
    return False


def main(argv: list[str]) -> int:
    """Entry point: ``python -m tenseq.jobguard RUN_PID JOB_PID``."""
    run, job = int(argv[0]), int(argv[1])
    watch(run, job)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
