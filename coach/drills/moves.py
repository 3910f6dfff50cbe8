"""Which moves a rep's message makes in a role-play (docs/scoring.md section 2).

A spaCy text classifier trained on the project's labelled corpus (`nlu/moves/`) reads the whole message; hand-written
rules read each sentence. Per move, the policy chosen on the dev split says which of them decides
(`coach.language.decide`). The evidence for a move is the sentence that carried it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coach import language
from coach.drills import moves_rules as rules

MOVES = (
    "open_question",
    "closed_question",
    "impact_question",
    "criteria_question",
    "next_step",
    "acknowledge",
    "pitch",
    "summarize",
    "quantify",
)


ASKING = ("open_question", "closed_question", "impact_question", "criteria_question")
MOST_SENTENCES = 25  # sentences the model reads one by one; Slack's 4,000 characters rarely hold more


@dataclass
class MoveAnalysis:
    moves: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


def sentences_of(text: str) -> list[str]:
    """spaCy's rule-based sentencizer (the blank English pipeline the SAR analysis uses); a dash splits too, and a list
    is read without its bullets and numbers ("A few quick ones:\n- what do you like most?\n- where do they fall
    short?", "1) how does data flow today, 2) how do you find broken feeds")."""
    if len(_LIST_ITEM.findall(text)) >= 2:  # a list: two lines or more start with a bullet or a number ("71." alone
        text = _LIST_ITEM.sub("", text)  # is a figure)
    text = _NUMBERED_QUESTION.sub(", ", _ITEM_NUMBER.sub("", text))
    return language.sentences(rules.QUESTION_DASH.sub(_dash, text)) or [text.strip()]


_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-–—•*·]|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+")
_ITEM_NUMBER = re.compile(r"(?:(?<=[,;:])|(?<=[,;:] ))\(?\d{1,2}\)\s*")
# ...and one numbered with no comma before it: "1) how are schedules built today 2) what's housekeeping turnover"
_NUMBERED_QUESTION = re.compile(
    r"(?<=\w)\s+\(?\d{1,2}\)\s+(?=(?:what|how|who|when|where|why|which|is|are|do|does|did|can|could|would|will"
    r"|has|have)\b)",
    re.IGNORECASE,
)


def _dash(found: re.Match[str]) -> str:
    """A sentence break for a dash before a question, unless the sentence before has ended already."""
    return " " if found.string[: found.start()].rstrip().endswith(("?", ".", "!")) else ". "


# A second question joined on to the first: "..., and is that a limit set by the board?"
SECOND_ASKED = re.compile(r"(,|\band|\bor|—) (is|are|does|do|did|would|will|was|were|has|have|can|could)\b")


def question_kind(sentence: str) -> set[str]:
    """open and/or closed, for a sentence that asks something."""
    lowered = rules.FILLER.sub("", sentence.lower().strip()).strip()
    # "Before I show you anything, can you...": the question starts after a leading clause.
    lowered = re.sub(r"^(before|if|once|after|since|while)\b[^,]*,\s*", "", lowered) if "," in lowered else lowered
    # "Besides the price, what matters most?", "Greg, quick one: how much...": any leading phrase before a wh-question.
    lowered = re.sub(rf"^(?!{rules.WH}\b)[^?]*?[,:]\s*(?={rules.WH}\b)", "", lowered)
    # A question mark, or no closing punctuation at all (Slack-style "who else weighs in"), makes a question.
    # ...and one closing inside brackets: "who else is involved (your controller, the board?)".
    ending = sentence.rstrip()
    asks = ending.rstrip(")]").endswith("?") or not re.search(r"[.!?)\]]$", ending)
    polite = bool(rules.POLITE_INFO_REQUEST.search(lowered))
    kinds: set[str] = set()
    if lowered.startswith("how about"):
        kinds.add("closed_question")
    elif (rules.OPEN_START.search(lowered) or rules.OPEN_AFTER_CLAUSE.search(lowered)) and asks:
        kinds.add("open_question")
    elif rules.CLOSED_START.search(lowered) and asks:
        kinds.add("open_question" if polite and not lowered.startswith("want") else "closed_question")
    elif polite and re.match(r"^(tell|walk|help|describe|explain|curious)", lowered):
        kinds.add("open_question")
    elif sentence.rstrip().endswith("?"):
        kinds.add("closed_question")
    if kinds and SECOND_ASKED.search(lowered):
        kinds.add("closed_question")
    return kinds


def rule_moves(text: str) -> dict[str, str]:
    """The moves the hand-written rules find, each with the first sentence that showed it."""
    found: dict[str, str] = {}
    for index, sentence in enumerate(sentences_of(text or "")):
        lowered = language.plain(sentence)
        kinds = question_kind(sentence)
        for kind in kinds:
            found.setdefault(kind, sentence)
        if kinds and rules.IMPACT.search(lowered):
            found.setdefault("impact_question", sentence)
        if kinds and rules.CRITERIA.search(lowered):
            found.setdefault("criteria_question", sentence)
        if rules.NEXT_STEP.search(lowered):
            found.setdefault("next_step", sentence)
        if rules.ACKNOWLEDGE.search(lowered.strip()):
            found.setdefault("acknowledge", sentence)
        if rules.PITCH.search(lowered) or (not kinds and rules.BENEFIT_CLAIM.search(lowered)):
            found.setdefault("pitch", sentence)
        if (index == 0 and rules.SUMMARY_OPENING.search(lowered.strip())) or rules.SUMMARY_ANYWHERE.search(lowered):
            found.setdefault("summarize", sentence)
        if rules.NUMBER.search(lowered):
            found.setdefault("quantify", sentence)
    return found


def move_scores(
    text: str, sentences: list[str], by_rule: dict[str, str], nlp: Any = None
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """The model's probabilities for the whole message and for each sentence (the whole again for one sentence);
    `nlp` is the trained reader unless another is given (`spar readers build` tunes a new one). A sentence that asks
    nothing makes no question's move ("The weather was wild that week." is no impact question)."""
    texts = [language.with_findings(text, set(by_rule))]
    if len(sentences) > 1:  # read one by one as well, up to a rep message's worth (a pasted wall of text: the first)
        texts += [language.with_findings(s, set(rule_moves(s))) for s in sentences[:MOST_SENTENCES]]
    if nlp is None:
        whole, *per_sentence = language.scores("moves", texts)
    else:
        whole, *per_sentence = [dict(doc.cats) for doc in nlp.pipe(texts)]
    if not per_sentence:
        return whole, [whole]
    per_sentence = [
        scores if question_kind(sentence) else {**scores, **dict.fromkeys(ASKING, 0.0)}
        for sentence, scores in zip(sentences, per_sentence, strict=False)  # up to MOST_SENTENCES
    ]
    return whole, per_sentence + [dict.fromkeys(whole, 0.0)] * (len(sentences) - len(per_sentence))


def analyse_moves(text: str) -> MoveAnalysis:
    """The set of moves in one message, each with the sentence that made it."""
    analysis = MoveAnalysis()
    if not (text or "").strip():
        return analysis
    _, policy = language.load_reader("moves")
    sentences = sentences_of(text)
    by_rule = rule_moves(text)
    whole, per_sentence = move_scores(text, sentences, by_rule)
    for move in MOVES:
        # A move is one sentence's act: the message makes it when the message, or any one sentence, carries it.
        probability = max([whole[move]] + [scores[move] for scores in per_sentence])
        if not language.decide(policy, move, probability, move in by_rule):
            continue
        analysis.moves.append(move)
        if move in by_rule and policy[move]["use"] != "model":
            analysis.evidence[move] = by_rule[move]
        else:
            best = max(range(len(sentences)), key=lambda k: per_sentence[k][move])
            analysis.evidence[move] = sentences[best]
    _overrule(analysis, sentences)
    return analysis


def _overrule(analysis: MoveAnalysis, sentences: list[str]) -> None:
    """The finer points that hold whatever model and rules said: the sure signs of a move (`rules.SURE_SIGNS`: "totally
    fair", "most CUs see...", "Monday 3pm works?") make it; "I hear you, but <claim>" acknowledges nothing; a
    wh-question listing examples is not an either/or one, nor one opening on "is/do/can..." an open one; a question
    about the buyer's use of "our" product pitches nothing, nor does owning a failure ("that's on us") or a hunch put
    to the buyer to check ("...often find billing gets messy. Is that true at Northwind?"), nor a play-back that names
    no product or benefit; a rhetorical "wouldn't it...?" proposes no next step, where "let's reconnect in a few
    weeks" proposes a vague one and "what time works better?" or "10 it is" settles one, where "I'll send a recap" only
    promises the notes; "worth 20 min?" asks for time, not about impact, and "So here's what I'd propose: ..."
    plays nothing back; a "$" or "%" with no number
    is no figure; a question about how the buyer's side decides asks for criteria, and one asking outright what
    something costs is an impact question."""
    lowered = [language.plain(s) for s in sentences]
    read = list(zip(sentences, lowered, strict=True))
    for move, sign in rules.SURE_SIGNS.items():
        _make(analysis, move, next((s for s, low in read if sign.search(low.strip()) and _may_show(move, s)), None))
    deciding = (s for s, low in read if low.rstrip().endswith("?") and rules.DECISION_QUESTION.search(low))
    _make(analysis, "criteria_question", next(deciding, None))
    costing = (s for s, low in read if question_kind(s) and rules.COST_QUESTION.search(low))
    _make(analysis, "impact_question", next(costing, None))
    proposing = (s for s, low in read if rules.TALK_AGAIN.search(low) or rules.SCHEDULING.search(low))
    _make(analysis, "next_step", next(proposing, None))
    drop: set[str] = set()
    acknowledging = [
        s
        for s in lowered
        if rules.ACKNOWLEDGE.search(s) or rules.SURE_SIGNS["acknowledge"].search(s.strip()) or rules.DISMISSAL.search(s)
    ]
    # "I hear you. That said, our platform is in a different league.": the same as "I hear you, but ..."
    pairs = zip(lowered, lowered[1:], strict=False)
    waved = {a for a, b in pairs if rules.BARE_ACK.search(a.strip()) and rules.PUSHBACK.match(b)}
    waved |= {s for s in lowered if rules.WAVED_AWAY.search(s.strip())}
    if acknowledging and all(rules.DISMISSAL.search(s) or s in waved for s in acknowledging):
        drop.add("acknowledge")
    if not acknowledging and any(rules.MINIMISED.search(s) for s in lowered):  # the model's "acknowledgement" waves
        drop.add("acknowledge")  # the concern away, in the sentence it quotes or the next ("...isn't comparable. Your
        # crews would hate it.")
    questions = [s for s in lowered if s.rstrip().endswith("?")]
    if questions and all(
        rules.OPEN_START.search(s) and rules.LISTED_EXAMPLES.search(s) and not SECOND_ASKED.search(s) for s in questions
    ):
        drop.add("closed_question")  # "Which ERP, and is price the total or year one?" asks a yes/no or either/or too
    if questions and all(
        rules.CLOSED_START.search(s)
        and not rules.POLITE_INFO_REQUEST.search(s)
        and not rules.ASK_PERMISSION.search(s)
        and not re.search(rf"(,|\band|\bor|\bso) {rules.WH}\b", s)
        for s in questions
    ):
        drop.add("open_question")  # "Is the late billing costing you money?" asks for a yes or a no
    if questions and all(rules.WHY_NOT.search(s.strip()) for s in questions):
        drop.add("open_question")  # "Why don't we set up some retraining?" proposes; it asks for a yes or a no
        _make(analysis, "closed_question", next(s for s, low in read if rules.WHY_NOT.search(low.strip())))
    if "pitch" in analysis.moves and all(
        s.rstrip().endswith("?") and rules.OPEN_START.search(s) and not re.search(r"\bwe (can|could|help)\b", s)
        for s in lowered
    ):
        drop.add("pitch")
    pitched = language.plain(analysis.evidence.get("pitch", ""))
    if rules.OWNED_FAILURE.search(pitched) and not (rules.PITCH.search(pitched) or rules.BENEFIT_CLAIM.search(pitched)):
        drop.add("pitch")  # "that happened on our watch, and we should have called you" owns a failure
    hunch = any(rules.HUNCH_CHECK.search(s) for s in questions)
    if hunch and not (rules.FIRST_PERSON_PLURAL.search(pitched) or rules.BENEFIT_CLAIM.search(pitched)):
        drop.add("pitch")  # a hunch about companies like theirs, put to the buyer to check
    claims = any(rules.PITCH.search(s) or rules.BENEFIT_CLAIM.search(s) for s in lowered)
    bragging = [s for s in lowered if rules.SURE_SIGNS["pitch"].search(s.strip()) and not question_kind(s)]
    if "summarize" in analysis.moves and "pitch" in analysis.moves and not claims and not bragging:
        drop.add("pitch")  # a play-back of what broke ("the map sync broke after the GIS upgrade") sells nothing
    if rules.TRIAL_CLOSE.search(language.plain(analysis.evidence.get("criteria_question", "")).strip()):
        drop.add("criteria_question")  # "Do you think that would help?" asks nothing about what the buyer needs
    if "next_step" in analysis.moves and all(rules.RHETORICAL.search(s) for s in lowered):
        drop.add("next_step")
    promised = any(rules.PROMISED_NOTES.search(s) for s in lowered)
    meeting = any(
        rules.MEETING_WORDS.search(s) or rules.SCHEDULING.search(s) or rules.TALK_AGAIN.search(s) for s in lowered
    )
    if "next_step" in analysis.moves and promised and not meeting:
        drop.add("next_step")  # "I'll send a recap." promises the notes, not a next step
    impact = language.plain(analysis.evidence.get("impact_question", ""))
    if asks_no_impact(impact) and not any(rules.IMPACT.search(s) for s in lowered if s != impact):
        drop.add("impact_question")  # "would it be worth getting Tomas on a call?" asks for time, not about impact
    played = language.plain(analysis.evidence.get("summarize", ""))
    if rules.PROPOSAL.search(played.strip()) and not any(
        rules.SUMMARY_OPENING.search(s.strip()) or rules.SUMMARY_ANYWHERE.search(s) for s in lowered if s != played
    ):
        drop.add("summarize")  # "So here's what I'd propose: ..." proposes; it plays nothing back
    if played in bragging and not rules.SUMMARY_ANYWHERE.search(played):
        drop.add("summarize")  # "...with accuracy the other vendor can't match" plays nothing back
    if "quantify" in analysis.moves and not any(rules.FIGURE.search(s) for s in lowered):
        drop.add("quantify")  # "what's the $ impact?" gives no figure
    # "I understand. Keep in mind that insurers who automate intake usually stop paying penalties...": a bare "I
    # understand" that leads straight into the pitch waves the concern away
    leads_in = {
        a for a, b in zip(lowered, lowered[1:], strict=False) if b == pitched and rules.BARE_ACK.search(a.strip())
    }
    if "pitch" not in drop and pitched and acknowledging and set(acknowledging) <= leads_in:
        drop.add("acknowledge")
    analysis.moves = [m for m in analysis.moves if m not in drop]
    analysis.evidence = {m: words for m, words in analysis.evidence.items() if m not in drop}
    quote_the_acknowledgement(analysis, sentences)


def quote_the_acknowledgement(analysis: MoveAnalysis, sentences: list[str]) -> None:
    """The acknowledgement quoted is the sentence that acknowledges: "Thanks Owen, I understand.", not the claim the
    model also read in the sentence after it ("utilities that stay with us usually see work orders closing twice as
    fast") or the question it asks next ("Is the budget completely frozen?")."""
    quoted = analysis.evidence.get("acknowledge")
    if quoted is None or (quoted != analysis.evidence.get("pitch") and not quoted.rstrip().endswith("?")):
        return
    heard = [s for s in sentences if s != quoted and rules.ACK_ANYWHERE.search(language.plain(s))]
    if heard:
        analysis.evidence["acknowledge"] = heard[0]


def dismissal(text: str) -> str | None:
    """The sentence that brushes the buyer's concern aside ("I hear you, but...", "Budget shouldn't be an issue."), if
    any. "We support SSO, so IT shouldn't be an issue" answers the concern with a reason: no brush-off."""
    for sentence in sentences_of(text):
        low = language.plain(sentence).strip()
        answered = re.search(r"\b(?:we|we're|we've|ours?)\b.*\bso\b", low)
        if rules.ARGUED.search(low) or (rules.MINIMISED.search(low) and not answered):
            return sentence
    return None


def acknowledges(sentence: str) -> bool:
    """Do the rules read `sentence` as an acknowledgement ("That's fair.", "totally get it") whatever the model says?"""
    lowered = language.plain(sentence).strip()
    return bool(rules.ACKNOWLEDGE.search(lowered) or rules.SURE_SIGNS["acknowledge"].search(lowered))


def asks_no_impact(lowered: str) -> bool:
    """Does a question the rules or the model took for an impact question (`language.plain`) ask only whether something
    is worth the time, how long the buyer has had something ("how long have u been w/ them?"), where their time goes
    ("do you spend most of your week out on the sites?") or how big the business is ("how many sites are live?")?"""
    return bool(
        worth_the_time(lowered)
        or rules.TENURE.search(lowered)
        or rules.SPEND_TIME.search(lowered)
        or rules.HEADCOUNT.search(lowered)
        and not rules.COUNTED_PROBLEM.search(lowered)
    )


def worth_the_time(lowered: str) -> bool:
    """Does `lowered` (`language.plain`) ask only whether something is worth the time, not what it is worth ("Worth 20
    min?", "would it be worth getting Tomas on a call?", "Anything worth ordering?")?"""
    return bool(rules.TIME_WORTH.search(lowered)) and not rules.IMPACT.search(rules.TIME_WORTH.sub("", lowered))


def _make(analysis: MoveAnalysis, move: str, sentence: str | None) -> None:
    """`move` made by `sentence`, unless no sentence showed it or the message makes it already."""
    if sentence is not None and move not in analysis.moves:
        analysis.moves.append(move)
        analysis.evidence[move] = sentence


def _may_show(move: str, sentence: str) -> bool:
    """Can `sentence` show `move` by a sure sign: a question's move only if it asks something, a pitch only if not."""
    asks = bool(question_kind(sentence))
    if move in rules.ASKED_SIGNS:
        return asks
    return not asks if move == "pitch" else True
