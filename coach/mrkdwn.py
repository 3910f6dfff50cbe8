"""Text people typed (names, accounts, objectives), shown in a Slack message as typed: `<!channel>` is not a ping
there, nor `<https://x|y>` a link. Slack sends typed `&`, `<` and `>` already escaped; those stay as they are."""

from __future__ import annotations

import re

_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


def shown(text: str) -> str:
    return _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
