"""Free loopback ports for the tests and benchmarks that start Spar's processes.

A port the kernel hands out for `bind(0)` comes from its ephemeral range, the same range it draws on for the local end
of every outgoing connection, so between the check and the server's own bind a database or HTTP client can take it
("address already in use"). These ports come from below that range instead, each pytest worker from its own block.
"""

from __future__ import annotations

import os
import random
import socket

FIRST, LAST = 20_000, 32_000  # below Linux's ephemeral range (32768–60999)
_given: set[int] = set()


def _block() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, …; a child process inherits its worker's block
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return range(FIRST, LAST)
    size = (LAST - FIRST) // 8
    start = FIRST + (int(worker[2:]) % 8) * size
    return range(start, start + size)


def free_port() -> int:
    """A loopback port nobody listens on, not handed out before by this process."""
    block = _block()
    for port in random.sample(block, len(block)):
        if port in _given:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given.add(port)
        return port
    raise RuntimeError(f"no free loopback port between {block.start} and {block.stop - 1}")
