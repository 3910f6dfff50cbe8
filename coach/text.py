"""Text as people send it, made safe to store and to analyse."""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(text: str) -> str:
    """`text` with what no database or tokenizer takes replaced by U+FFFD: NUL (PostgreSQL's text refuses it) and
    lone surrogates (half a UTF-16 pair, which a broken JSON escape or undecodable input gives and UTF-8 can't
    encode). Everything else, control characters included, is kept as typed."""
    return UNSTORABLE.sub(REPLACEMENT, text)


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` and the word that fits it: "1 drill", "2 drills", "0 days", "1 group"."""
    return f"{count} {one if count == 1 else many or one + 's'}"
