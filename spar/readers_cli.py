"""`spar readers`: build the move and SAR readers from the labelled corpus in nlu/, and report its agreement.

`spar readers build moves|sar` turns the train and dev splits into spaCy's binary corpus, runs `spacy train` with the
committed `nlu/<reader>/config.cfg`, then chooses on the dev split, per label, how model and rule combine (the
policy). The test split is never read here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach import language
from coach.drills.moves import MOVES
from coach.evaluation import label_scores

SAR_MODEL_LABELS = ("situation", "task", "action", "result", "learning", "quantified")
THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 19)]
USES = ("model", "rule", "either", "both")
# How far apart two policies' dev F1 can be by chance: readers trained with other seeds differ by this much (moves,
# three seeds: 0.795 to 0.805 macro F1).
NOISE = 0.01


def split_path(reader: str, split: str) -> Path:
    return language.READERS_DIR / reader / f"{split}.jsonl"


def read_split(reader: str, split: str) -> list[dict[str, Any]]:
    """The items of one split of a reader's corpus (JSON Lines)."""
    path = split_path(reader, split)
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _docbin(reader: str, items: list[dict[str, Any]], out: Path) -> int:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = DocBin()
    if reader == "moves":
        from coach.drills.moves import rule_moves

        for item in items:
            doc = nlp.make_doc(language.with_findings(item["text"], set(rule_moves(item["text"]))))
            doc.cats = {move: float(move in item["moves"]) for move in MOVES}
            docs.add(doc)
    else:
        from coach.interviews.sar import model_texts, rule_sentences

        for item in items:
            if not item.get("sentences"):
                continue
            readings = rule_sentences(item["answer"])
            if len(readings) != len(item["sentences"]):
                raise ValueError(
                    f"{item['id']}: the rules split it into {len(readings)} sentences, not {len(item['sentences'])}"
                )
            for sentence, text in zip(item["sentences"], model_texts(readings), strict=True):
                doc = nlp.make_doc(text)
                parts = set(sentence["parts"]) | ({"quantified"} if sentence.get("quantified") else set())
                doc.cats = {label: float(label in parts) for label in SAR_MODEL_LABELS}
                docs.add(doc)
    docs.to_disk(out)
    return len(docs)


def build(reader: str) -> int:
    """Train reader `reader` and choose its policy; prints what it did and how long it took."""
    start = time.monotonic()
    folder = language.reader_dir(reader)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("train", "dev"):
        counts[split] = _docbin(reader, read_split(reader, split), folder / f"{split}.spacy")
    config = language.READERS_DIR / reader / "config.cfg"
    # `python -m spacy train`, with TensorFlow hidden from thinc's optional-backend probe (as `language._spacy` does):
    # the readers train on thinc's NumPy layers, and importing TensorFlow alone takes seconds.
    hidden = "import sys; sys.modules['tensorflow'] = None; from spacy.cli import setup_cli; setup_cli()"
    command = [sys.executable, "-c", hidden, "train", str(config), "--output", str(folder / "model")]
    command += ["--paths.train", str(folder / "train.spacy"), "--paths.dev", str(folder / "dev.spacy")]
    trained = subprocess.run(command, capture_output=True, text=True)
    (folder / "train.log").write_text(trained.stdout + trained.stderr)
    if trained.returncode:
        print(trained.stdout[-4000:], trained.stderr[-4000:], file=sys.stderr)
        return trained.returncode
    (folder / "policy.json").unlink(missing_ok=True)
    language.load_reader.cache_clear()
    policy = choose_policy(reader)
    (folder / "policy.json").write_text(json.dumps(policy, indent=1) + "\n")
    language.load_reader.cache_clear()
    print(
        f"{reader} reader: {counts['train']} training and {counts['dev']} dev examples, trained and tuned in "
        f"{time.monotonic() - start:.0f} s; policy: " + ", ".join(f"{k} {v['use']}" for k, v in policy.items())
    )
    return 0


def _load_model_only(reader: str) -> Any:
    import spacy

    return spacy.load(language.reader_dir(reader) / "model" / "model-best")


def choose_policy(reader: str) -> dict[str, dict[str, Any]]:
    """Per label, the use and threshold with the best F1 on the dev split (ties go to the model alone)."""
    nlp = _load_model_only(reader)
    dev = read_split(reader, "dev")
    if reader == "moves":
        from coach.drills.moves import move_scores, rule_moves, sentences_of

        rows = []
        for item in dev:
            rules = rule_moves(item["text"])
            whole, per_sentence = move_scores(item["text"], sentences_of(item["text"]), rules, nlp)
            cats = {m: max([whole[m]] + [s[m] for s in per_sentence]) for m in MOVES}
            rows.append((item, cats, set(rules)))
        policy = {}
        for move in MOVES:

            def run(decide: Callable[..., bool], m: str = move) -> list[bool]:
                return [decide(m, cats[m], m in rules) for _, cats, rules in rows]

            policy[move] = _best(run, [move in item["moves"] for item, _, _ in rows])
        return policy
    return _choose_sar_policy(nlp, dev)


def _choose_sar_policy(nlp: Any, dev: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """SAR parts are chosen on whole answers (an answer has a part when any sentence has it), in pipeline order:
    the result's policy first, since "quantified" counts only on result sentences."""
    from coach.interviews.sar import model_texts, rule_sentences

    answers = []
    for item in dev:
        readings = rule_sentences(item["answer"])
        cats = [doc.cats for doc in nlp.pipe(model_texts(readings))]
        answers.append((item, readings, cats))
    policy: dict[str, dict[str, Any]] = {}
    blocked = {"situation", "action", "result"}  # never on a hypothetical or habitual sentence
    for part in ("situation", "task", "action", "result", "learning"):

        def run(decide: Callable[..., bool], p: str = part) -> list[bool]:
            return [
                any(
                    decide(p, c[p], p in r.parts) and not (p in blocked and r.kind != "story")
                    for r, c in zip(rs, cs, strict=True)
                )
                for _, rs, cs in answers
            ]

        policy[part] = _best(run, [bool(item["labels"][part]) for item, _, _ in answers])

    def run_quantified(decide: Callable[..., bool]) -> list[bool]:
        return [
            any(
                r.kind == "story"
                and language.decide(policy, "result", c["result"], "result" in r.parts)
                and decide("quantified", c["quantified"], r.numbered_result)
                for r, c in zip(rs, cs, strict=True)
            )
            for _, rs, cs in answers
        ]

    policy["quantified"] = _best(run_quantified, [bool(item["labels"]["quantified_result"]) for item, _, _ in answers])
    return policy


def _best(run: Callable[[Callable[..., bool]], list[bool]], gold: list[bool]) -> dict[str, Any]:
    """The use and threshold with the best dev F1; but "either" when it comes within `NOISE` of that, so the rules'
    precise cases (the documented finer points) keep their say unless the dev split says clearly that they hurt."""
    best: tuple[float, float, dict[str, Any]] | None = None
    either: tuple[float, float, dict[str, Any]] | None = None
    for rank, use in enumerate(USES):
        for threshold in THRESHOLDS if use != "rule" else [0.5]:
            choice = {"use": use, "threshold": threshold}

            def decide(label: str, probability: float, rule: bool, c: dict[str, Any] = choice) -> bool:
                return language.decide({label: c}, label, probability, rule)

            predicted = run(decide)
            report = label_scores([{"x"} if g else set() for g in gold], [{"x"} if p else set() for p in predicted])
            f1 = report["labels"].get("x", {}).get("f1", 0.0)
            key = (f1, -rank - abs(threshold - 0.5))
            if best is None or key > (best[0], best[1]):
                best = (f1, key[1], {**choice, "dev_f1": f1})
            if use == "either" and (either is None or key > either[:2]):
                either = (f1, key[1], {**choice, "dev_f1": f1})
    assert best is not None and either is not None
    return either[2] if either[0] >= best[0] - NOISE else best[2]


def run(action: str, reader: str, as_json: bool = False) -> int:
    """`spar readers assemble|agreement|build moves|sar`."""
    from spar import corpus

    if action == "build":
        return build(reader)
    if action == "assemble":
        counts = corpus.assemble(reader)
        print(f"{reader}: " + ", ".join(f"{split} {n}" for split, n in counts.items()))
        return 0
    report = corpus.agreement(reader)
    if as_json:
        print(json.dumps(report))
    else:
        print(f"{reader}: {report['items']} items labelled twice, first-pass Cohen's kappa per label")
        for label, kappa in report["kappa"].items():
            print(f"  {label:<28}{kappa:>6.3f}")
    return 0
