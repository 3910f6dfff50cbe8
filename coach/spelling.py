"""Typos made plain: "preasure" reads as "pressure", "rigth" as "right", before rules or models read a message.

The dictionary is the English word list symspellpy ships (82,765 words with their counts in Google Books). A word it
does not hold, of five to twenty letters, becomes the most frequent dictionary word one edit away (a letter dropped,
added, swapped with its neighbour or changed); a word with no such neighbour (a name, a product) stays as typed.

The dictionary is kept as a sorted array of the words' hashes with their counts (1.3 MB; the process grows by about
3 MiB building it), not as a set of strings (10 MiB): readers run in processes with a memory budget
(docs/benchmarks.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHORTEST = 5  # shorter words have too many neighbours one edit away ("fro" is "for", "from", "pro"...)
LONGEST = 20  # longer "words" are pasted strings: their neighbours alone would take seconds to list
COMMON = 500_000  # a correction must be a word this common: rare neighbours are likelier to be wrong than right
# The slips people make most, a letter doubled or not ("totaly", "proccess") and two letters swapped ("rigth"), count
# this many times over: "totaly" is "totally", though "total" is nine times as common.
LIKELY_SLIP = 20
_WORD = re.compile(rf"(?<![\w'’-])[a-z]{{{SHORTEST},{LONGEST}}}(?![\w'’-])")


def _dictionary_file() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"


@lru_cache(maxsize=1)
def _dictionary() -> tuple[np.ndarray, np.ndarray]:
    """The words' hashes, sorted, and their counts. Python's string hash differs between processes, so the array is
    built in each process that corrects (some 60 ms), never saved."""
    # One word at a time into arrays: lists of 82,765 strings and numbers would leave some 10 MiB behind.
    with _dictionary_file().open(encoding="utf-8") as lines:
        hashes = np.fromiter((hash(line.split(" ", 1)[0]) for line in lines), dtype=np.int64)
    with _dictionary_file().open(encoding="utf-8") as lines:
        counts = np.fromiter((int(line.split(" ", 1)[1]) for line in lines), dtype=np.int64)
    order = np.argsort(hashes)
    return hashes[order], counts[order]


def _counts(words: list[str]) -> np.ndarray:
    """Each word's count in the dictionary, 0 for a word it does not hold."""
    hashes, counts = _dictionary()
    wanted = np.array([hash(w) for w in words], dtype=np.int64)
    where = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
    return np.where(hashes[where] == wanted, counts[where], 0)


def _one_edit(word: str) -> tuple[list[str], list[str]]:
    """The words one edit away: the likely slips (a letter doubled or undoubled, two swapped), then the rest."""
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    doubled = [a + b[0] + b for a, b in splits if b]
    undoubled = [a + b[1:] for a, b in splits if b and a.endswith(b[0])]
    swapped = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]]
    dropped = [a + b[1:] for a, b in splits if b and not a.endswith(b[0])]
    changed = [a + c + b[1:] for a, b in splits if b for c in LETTERS if c != b[0]]
    added = [a + c + b for a, b in splits for c in LETTERS if not (b.startswith(c) or a.endswith(c))]
    return doubled + undoubled + swapped, dropped + changed + added


@lru_cache(maxsize=4096)
def corrected(word: str) -> str:
    """`word` (lowercase) as the dictionary spells it: itself when known or when no common word is one edit away."""
    if _counts([word])[0]:
        return word
    slips, others = _one_edit(word)
    candidates = slips + others
    counts = _counts(candidates)
    best = int(np.argmax(np.concatenate([counts[: len(slips)] * LIKELY_SLIP, counts[len(slips) :]])))
    return candidates[best] if counts[best] >= COMMON else word


def spelled(text: str) -> str:
    """Lowercase `text` with every misspelt word of five to twenty letters corrected."""
    return _WORD.sub(lambda m: corrected(m.group(0)), text)
