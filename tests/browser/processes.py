"""Servers started for the browser tests: a free loopback port, waiting until one listens, stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(
    process: subprocess.Popen,
    port: int,
    what: str,
    seconds: float = 15,
    log: Callable[[], str] = lambda: "",
) -> None:
    """Return once `process` accepts connections on `port`; raise, saying why, if it exits first
    (with its standard error and `log()`) or does not listen within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} did not start: {process.stderr.read().decode()}{log()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not listen within {seconds:g} s") from None
            time.sleep(0.05)


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """SIGTERM (a server's parent stops its children, then itself); SIGKILL after `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(
    command: Sequence[str],
    port: int,
    what: str,
    seconds: float = 15,
    log: Callable[[], str] = lambda: "",
    stop_seconds: float = 10,
    **popen: Any,
) -> Iterator[subprocess.Popen]:
    """A server started from `command` for the duration of the block, once it listens on `port`."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)
    try:
        wait_listening(process, port, what, seconds, log)
        yield process
    finally:
        stop(process, stop_seconds)
