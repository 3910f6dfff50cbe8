"""The tracker store `spar run rasa` gives Rasa (endpoints.yml): Rasa's own SQL store, made to survive a restart of
the database and to skip re-reading a conversation it has just saved.

Rasa's engine has no `pool_pre_ping`, so after a database restart every pooled connection is dead and the next
message fails on one (the bot would only be able to apologise for it). With the ping, a dead connection is replaced
before use. On SQLite (the embedded default) Rasa opened a file connection per message and committed with a
rollback journal, several fsyncs a message; this store keeps its connections open in WAL mode, as the app database
does.

Rasa reads a conversation's whole session from the database and rebuilds it event by event for every message, and
counts its stored events again to save it: about a sixth of its time per message. This store keeps the
conversations it saved last (in this process) and hands one back when the database still ends with the event it
saved; anything another Rasa, `spar user delete` or retention did meanwhile changes that, and the conversation is
read again. A conversation is handed out once: one that Rasa failed to save is read again from the database.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session, sessionmaker

from coach.db import make_engine

KEPT_CONVERSATIONS = 2000


class SparTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose connections are checked (and replaced when dead) each time one is taken, and which
    keeps the conversations it saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # waits for the database and creates Rasa's table
        rasas: sa.engine.Engine = self.engine  # type: ignore[has-type]  # set in a loop mypy does not follow
        url = rasas.url
        rasas.dispose()
        if url.get_backend_name() == "sqlite":  # the embedded default: the app database's settings (coach/db.py)
            self.engine = make_engine(url.render_as_string(hide_password=False))
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)
        # sender: (the last event id in the database, the number of events, the conversation) when it was saved
        self._kept: OrderedDict[str, tuple[int | None, int, DialogueStateTracker]] = OrderedDict()
        self._stored: dict[str, int] = {}  # events of the conversation's session in the database, as handed out

    def _last_event_id(self, sender_id: str) -> int | None:
        with self.session_scope() as session:
            last = session.query(sa.func.max(self.SQLEvent.id)).filter(self.SQLEvent.sender_id == sender_id)
            return last.scalar()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._kept.pop(sender_id, None)
        tracker: DialogueStateTracker | None = None
        if kept is not None and (kept[0], kept[1]) == (self._last_event_id(sender_id), len(kept[2].events)):
            tracker = kept[2]  # neither changed in the database nor changed here after saving
        else:
            tracker = await super().retrieve(sender_id)
        if tracker is not None:  # a new conversation is saved by Rasa's `create_tracker`, which counts
            self._stored[sender_id] = len(tracker.events)
        return tracker

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = self._stored.pop(tracker.sender_id, None)
        if stored is None:  # not handed out by `retrieve`: count what the database has, as Rasa does
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        stored = self._stored.get(tracker.sender_id)
        await super().save(tracker)
        added = itertools.islice(tracker.events, stored or 0, None)
        if stored is None or any(isinstance(event, SessionStarted) for event in added):
            # A new session: Rasa reads only the latest one back, so the next message reads it too.
            self._kept.pop(tracker.sender_id, None)
            return
        self._kept[tracker.sender_id] = (self._last_event_id(tracker.sender_id), len(tracker.events), tracker)
        while len(self._kept) > KEPT_CONVERSATIONS:
            self._kept.popitem(last=False)
