"""Is a message nonsense to Spar: keyboard mashing, word salad, or words none of Spar's requests ever use?

Three checks, on the message's words as a model reads them (`language.plain`: chat shorthand written out):
- real English: fewer than half of them are words spaCy's English lemma table, the labelled rep messages
  (`nlu/moves/train.jsonl`) or Spar's own examples know ("asdf qwerty blorp zxcv"; "yo" and "heyy" are known);
- about Spar: with three meaningful words or more (no stop words, no capitalised names such as an account's), fewer
  than one in four of them are words of the requests Spar is trained on (`vocabulary`: every NLU example of every
  intent but `out_of_scope`), as in "purple monkey dishwasher banana"; in a long message, fewer than one in ten;
- no words at all: symbols and emoji none of Spar's examples use ("@#$%", "🥔"; "👍" is an answer).
Slash payloads, short replies made only of stop words ("yes", "ok") and numbers are never nonsense.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache

from coach import language
from coach.drills.topics import CORPUS

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MOSTLY_ENGLISH = 0.5
ABOUT_SPAR = 1 / 4
SALAD = 3  # meaningful words: fewer ("absolutely", "happy monday") are left to the intent classifier
ABOUT_SPAR_IN_A_LONG_MESSAGE = 0.1
LONG = 20  # meaningful words
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][\w&.'-]*")  # a capitalised word inside a sentence: a name


def words_of(text: str) -> list[str]:
    return _WORD.findall(language.plain(text))


def vocabulary_of(examples: Iterable[str]) -> frozenset[str]:
    """The words of the requests Spar understands, with the lemmas of the meaningful ones, and the symbols they use
    ("👍")."""
    examples = list(examples)
    words = {w for text in examples for w in words_of(text)}
    lemmas = {_lemma(w) for w in words if w not in language.stop_words()}
    return frozenset(words | lemmas | {c for text in examples for c in _symbols(text)})


def is_nonsense(text: str, vocabulary: frozenset[str]) -> bool:
    if not text or text.lstrip().startswith("/"):
        return False
    words = words_of(text) if re.search(r"[^\W\d_]", text) else []  # "=+=" has no words, though "+" reads "and"
    if not words:
        symbols = _symbols(text)
        return not re.search(r"\d", text) and not symbols & vocabulary
    english = sum(_is_english(w, vocabulary) for w in words) / len(words)
    if english < MOSTLY_ENGLISH:
        return True
    names = {n.lower() for n in _NAME.findall(text)}
    meaningful = [w for w in words if w not in language.stop_words() and w not in names]
    if len(meaningful) < SALAD:
        return False
    about = sum(_lemma(w) in vocabulary or w in vocabulary for w in meaningful) / len(meaningful)
    return about < (ABOUT_SPAR_IN_A_LONG_MESSAGE if len(meaningful) >= LONG else ABOUT_SPAR)


def _symbols(text: str) -> set[str]:
    """The characters of `text` that are neither letters, digits, spaces nor ASCII punctuation: emoji, mostly."""
    return {c for c in text if not c.isalnum() and not c.isspace() and ord(c) > 127}


def _lemma(word: str) -> str:
    return str(language.lemma_table().get(word, word))


def _is_english(word: str, vocabulary: frozenset[str]) -> bool:
    """A word English or Spar's own examples know ("yo", "nah"), also when drawn out ("heyy", "yesss")."""
    base = word.split("'")[0]
    if len(base) == 1:
        return base in ("a", "i")
    if base in vocabulary or re.sub(r"(\w)\1+$", r"\1", base) in vocabulary | language.stop_words():
        return True
    known = base in language.stop_words() or base in _english_lemmas()
    return known or language.lemma_table().get(base) is not None


@lru_cache(maxsize=1)
def _english_lemmas() -> frozenset[str]:
    """The lemmas spaCy's table knows, and every word of the labelled rep messages (which has "absolutely")."""
    corpus = (json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines())
    written = {w for row in corpus for w in _WORD.findall(f"{row['text']} {row['context']}".lower())}
    return frozenset(language.lemma_table().values()) | written
