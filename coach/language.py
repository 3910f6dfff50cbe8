"""What the move and SAR readers share: text made plain for a model, sentences, and the trained spaCy pipelines.

spaCy is imported inside the functions that need it, so a process that never reads text (the bot, the scheduler)
never loads it. Where it is loaded, its `thinc` is kept from importing TensorFlow (which Rasa installs): the readers
run on thinc's own NumPy layers, and TensorFlow alone would add some 400 MiB to the action server.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.util
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from coach import spelling
from coach.settings import PROJECT_ROOT
from coach.text import storable

if TYPE_CHECKING:
    from spacy.language import Language

READERS_DIR = PROJECT_ROOT / "nlu"

# Chat shorthand written out, so "u + priya thurs 10am" reads like "you and priya thursday 10am" to the model.
# Only forms that mean one thing in a sales chat; the model still sees the rest as typed (lowercased).
SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "y'all": "you all",
    "w/": "with",
    "w/o": "without",
    "thx": "thanks",
    "thnx": "thanks",
    "ty": "thank you",
    "tbh": "to be honest",
    "ngl": "not going to lie",
    "rn": "right now",
    "imo": "in my opinion",
    "imho": "in my opinion",
    "fwiw": "for what it is worth",
    "lmk": "let me know",
    "pls": "please",
    "plz": "please",
    "b/c": "because",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
    "wld": "would",
    "cld": "could",
    "shld": "should",
    "kinda": "kind of",
    "sorta": "sort of",
    "ya": "yeah",
    "yep": "yes",
    "yup": "yes",
    "nope": "no",
    "mon": "monday",
    "tues": "tuesday",
    "tue": "tuesday",
    "weds": "wednesday",
    "wed": "wednesday",
    "thurs": "thursday",
    "thu": "thursday",
    "thur": "thursday",
    "fri": "friday",
    "hr": "hour",
    "hrs": "hours",
    "min": "minutes",
    "mins": "minutes",
    "mo": "month",
    "yr": "year",
    "yrs": "years",
    "asap": "as soon as possible",
    "eod": "end of day",
    "eow": "end of week",
    "+": "and",
    "&": "and",
    # Contractions typed without their apostrophe: "thats fair" is "that's fair".
    **{
        word.replace("'", ""): word
        for word in (
            "that's what's there's here's who's it'll he's she's let's don't doesn't didn't isn't aren't wasn't "
            "weren't won't can't wouldn't couldn't shouldn't haven't hasn't hadn't i'm i've i'll you're you've "
            "you'll they're they've they'll we've would've could've should've"
        ).split()
    },
}
_WORD = re.compile(
    r"(?<![\w/'])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True)) + r")(?![\w/'])"
)


def plain(text: str) -> str:
    """`text` as a model reads it: storable, curly quotes straightened, lowercased, chat shorthand written out and
    typos corrected (`coach.spelling`)."""
    lowered = storable(text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()
    return spelling.spelled(_WORD.sub(lambda m: SHORTHAND[m.group(1)], lowered))


def with_findings(text: str, findings: list[str] | set[str]) -> str:
    """What a reader's model reads: the text made `plain`, then one marker word per finding of the hand-written rules
    ("ruleopenquestion"), so the model learns from the corpus how far to trust each rule, next to the words."""
    markers = " ".join(sorted("rule" + finding.replace("_", "") for finding in findings))
    return f"{plain(text)} {markers}".strip()


# Optional backends thinc probes for on import (`thinc.compat`) that no reader uses: TensorFlow (several hundred MiB)
# and h5py, which thinc wants only for TensorFlow's models (12 MiB).
UNUSED_BACKENDS = ("tensorflow", "h5py")


def _spacy() -> Any:
    """spaCy, imported with TensorFlow and h5py hidden from thinc's optional-backend probe and its command line stood
    in for, unless this process has TensorFlow loaded already (Rasa's own process): thinc then simply runs without
    them."""
    if "spacy" in sys.modules or "tensorflow" in sys.modules:
        return importlib.import_module("spacy")
    stand_ins: dict[str, ModuleType | None] = {name: None for name in UNUSED_BACKENDS if name not in sys.modules}
    stand_ins |= _command_line_stand_ins()
    sys.modules.update(stand_ins)  # type: ignore[arg-type]  # None: `import tensorflow` now raises ImportError
    try:
        return importlib.import_module("spacy")
    finally:
        for name in stand_ins:
            del sys.modules[name]


def _command_line_stand_ins() -> dict[str, ModuleType | None]:
    """`import spacy` loads its whole command line (typer, jinja2, requests, pkg_resources: 10 MiB) for `spacy.info`
    alone, which no reader calls; `spacy train` runs in a process of its own. The stand-in package keeps the real
    folder, and is gone once spaCy is imported, so `import spacy.cli` still loads the real one."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return {}
    package, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    package.__path__ = [str(Path(spec.origin).parent / "cli")]
    info.info = None  # type: ignore[attr-defined]
    return {"spacy.cli": package, "spacy.cli.info": info}


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lemma table (word -> lemma): no model to download. Read as a plain dict, from the
    file spaCy's `load_lookups` reads, in half the memory of spaCy's hashed table (6 MiB against 13)."""
    import spacy_lookups_data

    _spacy()
    table: dict[str, str] = importlib.import_module("spacy.util").load_language_data(
        spacy_lookups_data.en["lemma_lookup"]
    )
    return table


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words."""
    _spacy()
    return frozenset(importlib.import_module("spacy.lang.en.stop_words").STOP_WORDS)


@lru_cache(maxsize=1)
def sentence_splitter() -> Language:
    """A blank English spaCy pipeline with the rule-based sentencizer: no model to download."""
    spacy = _spacy()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[str]:
    """The sentences of `text` (spaCy's rule-based sentencizer), stripped; never empty for non-blank text."""
    doc = sentence_splitter()(storable(text or ""))
    parts = [s.text.strip() for s in doc.sents if s.text.strip()]
    return parts or ([text.strip()] if text and text.strip() else [])


class ReaderMissing(RuntimeError):
    """A trained reader that has not been built: `make readers` builds it from nlu/<name>/."""


def reader_dir(name: str) -> Path:
    return READERS_DIR / name / "build"


@lru_cache(maxsize=4)
def load_reader(name: str) -> tuple[Language, dict[str, Any]]:
    """The trained pipeline of reader `name` ("moves" or "sar") and its policy (per label: how model and rule
    combine, and the model's threshold), loaded once per process."""
    spacy = _spacy()

    folder = reader_dir(name)
    model, policy = folder / "model" / "model-best", folder / "policy.json"
    if not model.is_dir() or not policy.is_file():
        raise ReaderMissing(f"the {name} reader is not built ({folder}): run `make readers`")
    loaded = spacy.load(model), json.loads(policy.read_text())
    give_back_free_memory()
    return loaded


def give_back_free_memory() -> None:
    """Hand the heap that loading freed back to the system (glibc's `malloc_trim`): deserialising a pipeline leaves
    some 10-25 MiB of freed buffers that the process would otherwise keep. Nothing to do elsewhere."""
    try:
        ctypes.CDLL(None).malloc_trim(0)  # the C library the interpreter runs on (no `find_library`: it forks)
    except (OSError, AttributeError):  # not glibc (macOS, musl): the memory is only kept, not lost
        pass


def scores(name: str, texts: list[str]) -> list[dict[str, float]]:
    """The model's probability for each label, per text (already `plain`)."""
    nlp, _ = load_reader(name)
    return [dict(doc.cats) for doc in nlp.pipe(texts)]


def decide(policy: dict[str, Any], label: str, probability: float, rule: bool) -> bool:
    """The one way model and rule combine, per label, as chosen on the dev split (docs/scoring.md, "How the readers
    decide"): `model` (probability at or above the label's threshold), `rule`, `either` or `both`."""
    how = policy[label]["use"]
    by_model = probability >= policy[label]["threshold"]
    if how == "model":
        return by_model
    if how == "rule":
        return rule
    if how == "either":
        return by_model or rule
    return by_model and rule
