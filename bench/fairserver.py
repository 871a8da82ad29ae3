"""A real `fairmatch serve` subprocess on a free loopback port over a temporary demo fair."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def cache_share(before: dict[str, float], after: dict[str, float]) -> float:
    """The share of anonymous reads answered from memory between two `cache_counts`."""
    hits, misses = (after[k] - before[k] for k in ("hit", "miss"))
    return round(hits / max(hits + misses, 1), 3)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServedFair:
    """Where the server listens and what it was started with."""

    base_url: str
    admin_token: str
    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen[bytes]
    drain: Callable[[], object] | None = None  # waits for background work outside the server

    def cpu_seconds(self) -> float:
        """User + system CPU seconds so far of the server and its worker processes (/proc)."""
        stats: dict[int, tuple[int, int]] = {}  # pid -> (parent pid, clock ticks)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            stats[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
        tree, ticks = {self.process.pid}, 0
        for pid, (parent, used) in sorted(stats.items()):
            if pid in tree or parent in tree:
                tree.add(pid)
                ticks += used
        return ticks / os.sysconf("SC_CLK_TCK")

    async def metrics(self) -> dict[str, float]:
        """The server's Prometheus samples by name and labels, as printed at /metrics."""
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as client:
            answer = await client.get(
                "/metrics", headers={"Authorization": f"Bearer {self.admin_token}"}
            )
        samples = {}
        for line in answer.text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                samples[name] = float(value)
        return samples

    async def cache_counts(self) -> dict[str, float]:
        """The public-cache hit and miss counters."""
        samples = await self.metrics()
        return {
            result: samples.get(f'fairmatch_public_cache_total{{result="{result}"}}', 0.0)
            for result in ("hit", "miss")
        }

    async def wait_queue_empty(self, seconds: float) -> float:
        """Wait until the server's background queue is empty; returns the seconds waited."""
        started = time.perf_counter()
        while (await self.metrics()).get("fairmatch_task_queue_depth", 0.0) > 0:
            if time.perf_counter() - started > seconds:
                raise TimeoutError(f"the queue did not drain in {seconds:.0f} s")
            await asyncio.sleep(0.5)
        return time.perf_counter() - started

    def stop(self) -> None:
        """Stop the server (it drains its own queue), then wait for other workers' queues."""
        stop(self.process)
        if self.drain is not None:
            self.drain()


def fair_env(workdir: Path, overrides: dict[str, str]) -> dict[str, str]:
    """The server's environment: SQLite and the embedded index under workdir unless overridden.

    Rate limits are off: every simulated phone shares the one loopback address.
    """
    base = {
        "FAIRMATCH_ENVIRONMENT": "test",
        "FAIRMATCH_DATA_DIR": str(workdir / "data"),
        "FAIRMATCH_DATABASE_URL": f"sqlite:///{workdir / 'data' / 'fairmatch.db'}",
        "FAIRMATCH_ADMIN_TOKEN": "fm_o_" + secrets.token_urlsafe(24),
        "FAIRMATCH_RATE_LIMIT_ENABLED": "false",
        "OPENBLAS_NUM_THREADS": "1",
    }
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("FAIRMATCH_")}
    return inherited | base | overrides


def run_cli(args: list[str], env: dict[str, str], log: Path, timeout: float) -> None:
    """Run one `fairmatch` command to completion; raise with its log tail when it fails."""
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "services.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"fairmatch {' '.join(args)} failed:\n{tail}")


def wait_healthy(base_url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    """Poll /healthz until it answers 200; fail early when the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{base_url} did not become healthy in {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """SIGTERM (the lifespan drains the in-process queue), SIGKILL when it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def profiler(report: Path | None) -> list[str]:
    """Interpreter arguments that run the server under pyinstrument (none without a report)."""
    if report is None:
        return []
    return ["-m", "pyinstrument", "--renderer", "text", "--outfile", str(report)]


@contextmanager
def served_fair(
    *,
    workdir: Path,
    resumes: int,
    workers: int,
    overrides: dict[str, str] | None = None,
    profile: Path | None = None,
) -> Iterator[ServedFair]:
    """Load the demo fair with `resumes` résumés, serve it, and stop the server afterwards.

    With `profile`, the server runs under pyinstrument and writes its text report there.
    """
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    env = fair_env(workdir, overrides or {})
    log = workdir / "server.log"
    run_cli(["demo", "--size", str(resumes), "--no-history"], env, log, timeout=1800)
    port = free_port()
    listen = ["--port", str(port), "--workers", str(workers)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, *profiler(profile), "-m", "services.cli", "serve", *listen],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, process, seconds=300)
        yield ServedFair(base_url, env["FAIRMATCH_ADMIN_TOKEN"], env, workdir, process)
    finally:
        stop(process)
