"""Pacing for the scheduler's fan-outs: chat.postMessage kept within Slack's limits, and a 429 waited out by all.

Slack lets an app post about one message a second in a channel and, across a workspace, "several hundred a
minute" (https://docs.slack.dev/reference/methods/chat.postMessage); its limits count per app per workspace. Every
message the scheduler posts takes a turn from its workspace's pacer: at most `SPAR_POSTS_PER_SECOND` a second
(default 2, so 120 a minute) and one a second per channel. A 429 holds every post to that workspace for its
Retry-After, then the same request goes again: Slack did not take the message the first time, so it arrives once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

DEFAULT_POSTS_PER_SECOND = 2.0
SECONDS_PER_CHANNEL = 1.0
RATE_LIMIT_RETRIES = 5  # then the message counts as not delivered (see `send`)
FORGET_CHANNELS_AFTER = 1000  # channels remembered before the ones already free are dropped
Outcome = Literal["sent", "throttled", "failed"]
M = TypeVar("M")
log = logging.getLogger("spar.pacing")


class Pacer:
    """Spaces posts: `per_second` in the workspace, one per `channel_seconds` in a channel; `pause` holds them all.

    Thread-safe: the scheduler runs its jobs in threads, and they share Slack's limits.
    """

    def __init__(
        self,
        per_second: float,
        channel_seconds: float = SECONDS_PER_CHANNEL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError(f"posts per second must be above 0, not {per_second}")
        self.per_second = per_second
        self._interval, self._channel_seconds = 1.0 / per_second, channel_seconds
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next = 0.0  # the earliest time of the next post anywhere
        self._paused_until = 0.0
        self._channels: dict[str, float] = {}  # the earliest time of the next post in each channel

    def wait_turn(self, channel: str | None = None) -> None:
        """Block until a post (in `channel`, when given) may go out, and take that turn."""
        while True:
            with self._lock:
                now = self._clock()
                ready = max(self._next, self._paused_until, self._channels.get(channel, 0.0) if channel else 0.0)
                if ready <= now:
                    # Spaced from this moment, not from when the turn was due: a slow post never buys a burst.
                    self._next = now + self._interval
                    if channel:
                        if len(self._channels) >= FORGET_CHANNELS_AFTER:
                            self._channels = {c: t for c, t in self._channels.items() if t > now}
                        self._channels[channel] = now + self._channel_seconds
                    return
            self._sleep(ready - now)  # then look again: a 429 meanwhile may have paused everything

    def pause(self, seconds: float) -> None:
        """Slack said to wait: no post goes out for `seconds`."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


_pacers: dict[str | None, Pacer] = {}
_pacers_lock = threading.Lock()


def posts_per_second() -> float:
    """`SPAR_POSTS_PER_SECOND`: the most chat.postMessage calls a second the scheduler makes in a workspace.

    A value that is not a positive number gets the default (and a warning) rather than stopping every job after
    it has claimed someone's message.
    """
    setting = os.environ.get("SPAR_POSTS_PER_SECOND") or ""
    try:
        rate = float(setting or DEFAULT_POSTS_PER_SECOND)
    except ValueError:
        rate = 0.0
    if not 0 < rate < float("inf"):
        log.warning("SPAR_POSTS_PER_SECOND=%r is not a positive number; using %s", setting, DEFAULT_POSTS_PER_SECOND)
        return DEFAULT_POSTS_PER_SECOND
    return rate


def pacer(workspace: str | None = None) -> Pacer:
    """The process's one pacer for `workspace` (a new one when `SPAR_POSTS_PER_SECOND` has changed)."""
    rate = posts_per_second()
    with _pacers_lock:
        found = _pacers.get(workspace)
        if found is None or found.per_second != rate:
            found = _pacers[workspace] = Pacer(rate)
        return found


def retry_after(headers: dict[str, Any]) -> float:
    """Seconds from a 429's Retry-After header (1 when it is missing or unreadable, as slack_sdk assumes)."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value[0] if isinstance(value, list) else value))
            except (TypeError, ValueError, IndexError):
                break
    return 1.0


class PacedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, except that the wait is the pacer's: one 429 holds every post to the workspace."""

    def __init__(self, workspace: str | None = None, max_retry_count: int = RATE_LIMIT_RETRIES) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.workspace = workspace

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # type: ignore[misc]  # as slack_sdk's own handler: only a 429 response gets here
        seconds = retry_after(response.headers)
        # The method's name only: the rest of a request may carry what users wrote, the headers the token.
        log.info("Slack rate-limited %s: every post waits %.0f s", request.url.rsplit("/", 1)[-1], seconds)
        shared = pacer(self.workspace)
        shared.pause(seconds)
        shared.wait_turn()
        state.next_attempt_requested = True
        state.increment_current_attempt()


def retry_handlers(workspace: str | None = None) -> list[RetryHandler]:
    """For the scheduler's client in `workspace`: dropped connections twice, 429s after their Retry-After."""
    return [ConnectionErrorRetryHandler(max_retry_count=2), PacedRateLimitRetryHandler(workspace)]


def pacer_of(client: WebClient) -> Pacer:
    """The pacer of the workspace `client` posts to (its 429 handler knows which)."""
    for handler in client.retry_handlers:
        if isinstance(handler, PacedRateLimitRetryHandler):
            return pacer(handler.workspace)
    return pacer()


def post_message(client: WebClient, channel: str, **message: Any) -> None:
    """chat.postMessage in its turn."""
    pacer_of(client).wait_turn(channel)
    client.chat_postMessage(channel=channel, **message)


def rate_limited(error: Exception) -> bool:
    """Slack refused for its rate limit (still, after the retries): it never took the message."""
    if not isinstance(error, SlackApiError):
        return False
    response = error.response
    return response.status_code == 429 or response.get("error") == "ratelimited"


def send(what: str, post: Callable[[str, M], object], slack_id: str, message: M) -> Outcome:
    """`post(slack_id, message)`, one post of a fan-out; a failure is logged (never the token) and the fan-out
    goes on.

    "throttled" means Slack certainly did not post it, so its job may release its claim and try again on its
    next run. After any other failure the claim stays: a refusal such as `channel_not_found` would come again on
    every run, and after a dropped connection the message may have arrived (a message lost rather than doubled).
    """
    try:
        post(slack_id, message)
    except (SlackApiError, OSError) as error:
        log.warning("%s to %s not delivered: %s", what, slack_id, error)
        return "throttled" if rate_limited(error) else "failed"
    return "sent"
