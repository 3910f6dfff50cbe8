"""The role-play engine: the buyer reacts to the moves the rep makes and to what has been uncovered so far.

The state is rebuilt by replaying the rep's stored messages, so a drill survives any restart; the buyer's
lines are picked with a seed per drill, so a replay reads the same and two drills read differently.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from coach import language
from coach.drills import hearing, moves_rules, topics
from coach.drills.hearing import Question
from coach.drills.moves import MoveAnalysis, acknowledges, analyse_moves, dismissal, sentences_of
from coach.drills.scenarios import Fact, Scenario, Variant

QUESTIONS = {"open_question", "closed_question", "impact_question", "criteria_question"}
SPECIFIC = {"impact_question": 2, "criteria_question": 2, "acknowledge": 2, "summarize": 1, "next_step": 1, "trade": 3}
SPECIFIC_KINDS = {"impact_question"}  # a kind of question that asks for one fact whatever its words
# A question that asks for a person: "Who runs maintenance day to day?", "and who owns the budget?".
_WHO_FIRST = re.compile(r"^\W*(?:(?:and|so|ok|okay|then)\W+)?who\b")
# Words of a fact's `about` that tell which of its kind a question wants, but name no subject on their own.
UNNAMING = frozenset({"who", "else", "besides", "involved", "for you", "yourself", "your own", "team", "room"})
# Asks what someone needs to see, hear or believe: the criteria, whoever it names ("What would the investment committee
# want to see?", "What payback does the committee need?" ask what the committee needs, not who sits on it).
_LOOKS_FOR = r"\bwhat (?:do|does|would|will) [^?]{0,30}\blook(?:ing)? for\b"  # "What does the committee look for?"
NEEDS = re.compile(
    r"\b(?:needs?|wants?|expects?|requires?|like) to (?:see|hear|know|believe|be true)\b|\bhave to (?:see|be true)\b"
    r"|\bwhat would it take\b|\bcriteria\b|\bmust[- ]haves?\b|\bdeal ?breakers?\b|\bconvinc"
    r"|\bwhat\b[^,;:]*\bneeds?\b(?! to (?:sign|approve|happen|go|be involved))|\bwhat (?:was|is|were|'s) missing\b|"
    + _LOOKS_FOR
)
# ...of which these ask for the buyer's criteria whatever the move reader made of them: "what do u need to renew?",
# "What would it take?" (not "what's the coffee like ... happy agents need good coffee")
_ASKS_NEEDS = re.compile(
    r"\b(?:needs?|expects?|requires?) to (?:see|hear|know|believe|be true)\b|\bwhat would it take\b"
    r"|\bwhat (?:do|does|did|would|will|'d) (?:you|u|ya|they|he|she|\w+)(?: \w+)? need\b|\bwhat(?:'s| is) needed\b|"
    + _LOOKS_FOR
)
# A question about causes, without a word of cost: "What's behind the 20%?", "where does that number come from?",
# "Can I ask what sits behind the no budget?"
_ASKS_CAUSE = re.compile(
    r"^(?!.*\b(?:cost|worth|spend|spent|lose|losing|lost|money|dollars?|pay)\b).*(?:\bwhat(?:'s| is| are)? (?:really "
    r"|actually )?(?:sits |lies |is )?(?:behind|driving)\b|\bwhere (?:does|did|do) [^?]{0,30}\bcome from\b)",
    re.IGNORECASE,
)
# An open question after a lead-in: "If we try to size it: what has that done to DSO?", "Say we fixed it, how...?"
_OPEN_AFTER_LEAD = re.compile(
    r"^\W*(?:(?:if|say|suppose|assuming|when|so|ok|okay|right)\b[^:,;?]{0,60}[:;,]|[^:?]{0,60}:)\s*(?:and |so |then )?"
    r"(?:what|how|why|where|which|who)\b(?!'s your (?:email|number))",
    re.IGNORECASE,
)
MOST_ANSWERED = 2  # questions the buyer answers in one message; three or more are "stacked": only the first is heard
REACTIONS = (
    "pitch_early",
    "pitch_welcome",
    "closed",
    "no_more",
    "unclear",
    "acknowledged",
    "summary_right",
    "summary_wrong",
    "next_step_early",
    "next_step_vague",
    "agreed",
    "walked_away",
    "out_of_time",
    "stacked",
    "repeated",
    "off_topic",
    "pushed",
    "pocketed",
)
OUTCOMES = {
    "met": "objective met",
    "walked_away": "the buyer ended the call",
    "out_of_time": "out of time before the objective",
}
# The buyer's reaction that leads a reply when several apply, most telling first; the facts revealed follow it.
LEADS = ("pitch_early", "stacked", "pocketed", "summary_wrong", "pushed", "off_topic", "repeated")
CLOSERS = ("agreed", "next_step_early", "next_step_vague", "pushed", "walked_away", "out_of_time")


@dataclass
class RepTurn:
    text: str
    analysis: MoveAnalysis
    uncovered: list[str] = field(default_factory=list)  # facts this message got the buyer to reveal
    confirmed: list[str] = field(default_factory=list)  # facts its play-back guessed and the buyer confirmed
    asked: list[str] = field(default_factory=list)  # the question that revealed each of them
    pitched_early: bool = False
    next_step: str = ""  # "", "early", "vague", "dated", "stacked", "corrected" or "agreed"
    moves: list[str] = field(default_factory=list)  # the moves the buyer heard and that count
    evidence: dict[str, str] = field(default_factory=dict)  # the words that made each of them
    habits: list[str] = field(default_factory=list)  # keys of habits.KINDS: "stacked", "conceded", "misread"...
    reaction: str = ""  # the one reaction the buyer showed ("" when the facts are the whole answer)
    waiting_for: list[str] = field(default_factory=list)  # facts the buyer still needed when a meeting was asked
    price: tuple[str, str] = ("", "")  # a "trade" or a "concession", with the sentence that made it
    questions: list[str] = field(default_factory=list)  # the questions the buyer heard
    recalled: str = ""  # the fact told already that the buyer went over again in brief, for a question about it


@dataclass
class DrillState:
    scenario: Scenario
    difficulty: str
    seed: str
    turns: list[RepTurn] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    cooled: int = 0
    outcome: str | None = None  # None while the drill runs
    used: set[str] = field(default_factory=set)
    said: list[str] = field(default_factory=list)  # everything the buyer has said, the opening first
    told: list[str] = field(default_factory=list)  # what the buyer has told the rep: the opening and the facts

    @property
    def variant(self) -> Variant:
        return self.scenario.variants[self.difficulty]

    @property
    def buyer(self) -> str:
        return str(self.scenario.persona["name"]).split()[0]

    def pick(self, kind: str, options: tuple[str, ...]) -> str:
        """One of `options`, not yet said in this drill if possible, chosen the same way on every replay."""
        fresh = [o for o in options if o not in self.used] or list(options)
        choice = random.Random(f"{self.seed}:{len(self.turns)}:{kind}").choice(fresh)
        self.used.add(choice)
        return choice

    def line(self, kind: str) -> str:
        return self.pick(kind, self.scenario.lines[kind])


def opening(state: DrillState) -> str:
    line = state.pick("opening", state.variant.opening)
    state.said.append(line)
    state.told.append(line)
    return line


def _understood(state: DrillState) -> bool:
    """Has the rep earned the right to pitch: the cost of the problem (or, failing that, anything) uncovered?"""
    impact_facts = [f.id for f in state.scenario.facts if "impact_question" in f.when]
    wanted = impact_facts or [f.id for f in state.scenario.facts]
    return any(fact in state.revealed for fact in wanted)


def _fact_for(state: DrillState, question: Question, moves: set[str], context: str) -> Fact | None:
    """The fact this one question brings out: of the kind it asks for, about what it asks, not yet revealed."""
    asks_open = "open_question" in moves
    asked = hearing.set_aside(question.text)  # "if budget wasnt an issue, would you...?" asks nothing about the budget
    context, question = hearing.without_set_asides(context.replace(question.text, asked)), replace(question, text=asked)
    if state.variant.open_only and "closed_question" in moves and hearing.asks_indirectly(question.text):
        moves = moves | {"open_question"}  # "Has anyone put a figure on what it costs?" asks what it costs
    elif state.variant.open_only and "closed_question" in moves and hearing.offers_choice(question.text):
        moves = moves | {"open_question"}  # "has the problem gone away, or is it only the money?" has no yes or no
    elif state.variant.open_only and "closed_question" in moves and "open_question" not in moves:
        moves = moves - QUESTIONS  # a guarded buyer answers a yes/no question with a yes or a no
    elif "closed_question" in moves:
        moves = moves | {"open_question"}  # others answer "Is billing a mess since the acquisitions?" in full
    lowered = language.plain(question.text)  # "when does the cmte meet?" asks about the committee

    def names(words: Iterable[str]) -> bool:
        return any(re.search(rf"\b{re.escape(w)}", lowered) for w in words)

    # A question that asks for no particular kind of fact and names no fact's subject asks about what led up to it:
    # an open one about what the message said before it ("ur form mentioned a rough month w/ data incidents. what
    # happened?" asks about the incident), a closed one about what its own sentence said ("and the ERP module, is that
    # a real option?" asks about the ERP module); never about what the message asks after it.
    specific = {m for m in moves if SPECIFIC.get(m, 0) >= 2}
    end = context.find(question.text)
    # A question in a fact's own words names it: "Could you walk me through how data gets from the tills into
    # Snowflake?" asks how data flows, not what the "worth your time" before it might ask.
    own_words = any(_in_its_words(f, lowered) for f in state.scenario.facts if f.id not in state.revealed)
    if (
        end >= 0
        and not specific
        and not own_words
        and not any(names(set(f.about) - UNNAMING) for f in state.scenario.facts)
    ):
        before = context[:end]
        lead = before if asks_open else re.split(r"[.!?]\s", before)[-1]
        lowered = language.plain(lead + question.text)

    def asks_who(f: Fact) -> bool:  # "who has to back it alongside you?" asks who decides, whatever its other words
        return "criteria_question" in moves & set(f.when) and "who" in f.about and names(["who"])

    asks_what_needed = NEEDS.search(lowered) is not None
    # A question that asks about nothing in particular on its own, not one asking for the rest of a story ("what
    # happened?" after a greeting tells of nothing).
    general = "" if FOLLOW_UP.match(question.text.strip()) else question.text
    setting = frozenset(topics.content_words(str(state.scenario.persona.get("company", ""))))

    def asks_needs(f: Fact) -> bool:  # "what would have to be true before you'd spend a dollar?" asks for the criteria
        return asks_what_needed and "criteria_question" in moves & set(f.when) and not f.about

    # "Who runs maintenance day to day?" asks for a person: the fact about who is involved, when it is about its topic.
    asks_person = not specific and _WHO_FIRST.match(lowered) is not None

    # Of the kind it asks for, or an open question that names the fact's subject ("so how does money actually get
    # freed up mid-year?" asks how the budget is approved, though it is no criteria question; "anything else" names
    # nothing).
    candidates = [
        f
        for f in state.scenario.facts
        if f.id not in state.revealed
        and (
            moves & set(f.when)
            or "open_question" in moves
            and (names(set(f.about) - UNNAMING) or asks_person and "who" in f.about)
        )
        and (
            topics.about_fact(context, topics.fact_words(state.scenario, f), state.said, general, setting)
            or asks_who(f)
            or asks_needs(f)
            or names(set(f.about) - UNNAMING)  # "anything looking ahead that worries u a bit?" names "worr"
        )
    ]
    # ...or asks in the words of a fact that has no topic words ("Help me understand what the board is focused on this
    # year." asks for the board's metrics, though the move reader heard a criteria question)
    on_topic = [f for f in candidates if names(f.about) or not f.about and _in_its_words(f, lowered)]
    # A yes/no question about what the buyer has told already ("is there any way stuff gets funded mid year?" once how
    # money is approved is out) asks for that again, not for the next fact of its kind that names no subject.
    told = [f for f in state.scenario.facts if f.id in state.revealed and names(set(f.about) - UNNAMING)]
    if told and not on_topic and "open_question" not in question.moves and not asks_what_needed and not asks_person:
        return None
    # A fact with topic words comes out when the question names them, or, for the cost, when the question asks what
    # something costs ("How much does that hurt?"), whatever words the cost has; a fact without any comes out to its
    # kind.
    fitting = on_topic + [
        f for f in candidates if f not in on_topic and (not f.about or moves & set(f.when) & SPECIFIC_KINDS)
    ]
    if specific and not on_topic and not any(specific & set(f.when) or _in_its_words(f, lowered) for f in fitting):
        return None  # "How much cash is tied up?" once the cost is out: no other story instead
    # A fact the question names comes first (a trade offered aside). "What is it costing you?" is open and an impact
    # question: the buyer answers the more specific one, and of two as specific, the one the question names, and
    # names most ("How seriously are you weighing the ERP vendor's field module?" names the alternative twice and who
    # decides once).
    needs = asks_what_needed and not re.search(r"\bwho\b", lowered)
    return max(
        fitting,
        key=lambda f: (
            "trade" in moves & set(f.when),  # a trade offered is answered as one, whatever else it names
            hearing.asks_held_to(lowered, f.label),  # "Which numbers are they holding you to?" asks for the metrics
            f in on_topic and not needs,  # "Is there a number you're personally measured on?" asks for the target
            max((SPECIFIC.get(m, 0) for m in moves & set(f.when)), default=0),
            needs and not f.about,
            f in on_topic,
            sum(names([w]) for w in f.about),
        ),
        default=None,
    )


def play(state: DrillState, text: str) -> str:
    """The buyer's answer to the rep's message; ends the drill (sets `outcome`) when it is over."""
    if state.outcome is not None:
        raise ValueError("this drill has ended")
    analysis = analyse_moves(text)
    turn = RepTurn(text, analysis, price=hearing.price_move(text))
    kept = [m for m in analysis.moves if m not in QUESTIONS]
    # "Ha, fair enough" to small talk acknowledges nothing the buyer is worried about, nor does one before it ("Totally
    # understand. Budgets aside, how's the season been on the coast?")
    chat = _chatting(state) or any(hearing.pleasantry(s) for s in sentences_of(text) if s.rstrip().endswith("?"))
    if "acknowledge" in kept and (topics.small_talk(text) or chat):
        kept.remove("acknowledge")
    quoted = analysis.evidence.get("acknowledge", "")
    if "acknowledge" in kept and not acknowledges(quoted) and hearing.not_acknowledging(quoted, analysis.evidence):
        kept.remove("acknowledge")  # "My name's Jordan, and I'm with...", or the pitch itself ("The ERP module won't do
        # half of what ours does, to be fair"): nothing the buyer said is acknowledged there
    if "pitch" in kept and hearing.echoes(analysis.evidence["pitch"], state.said):
        kept.remove("pitch")  # the buyer's own words said back: no pitch
    elif "pitch" in kept and hearing.spells_out_question(analysis.evidence["pitch"], text):
        kept.remove("pitch")  # "...? I am thinking agency hours, overtime, rooms not ready at check-in."
    elif "pitch" in kept and hearing.owns_up(analysis.evidence["pitch"]):
        kept.remove("pitch")  # "sorry, 5 wks on the sync n no call is not on."
    if "summarize" in kept and hearing.explains_asking(analysis.evidence["summarize"]):
        kept.remove("summarize")  # "I only ask so the case answers what you've promised.": why, not a play-back
    if "next_step" in kept and not hearing.asks_to_meet(text):
        kept.remove("next_step")  # no day, no time, no meeting proposed: nothing to answer
    turn.moves, turn.evidence = kept, {m: analysis.evidence[m] for m in kept}
    if "acknowledge" in kept and not acknowledges(quoted) and (plainly := hearing.understood(text)):
        turn.evidence["acknowledge"] = plainly  # the sentence that acknowledges, not "For example days to turn a unit"
    if "acknowledge" not in kept and (thanks := hearing.thanked(text)) and not _chatting(state):
        turn.moves.append("acknowledge")  # "Thanks for telling me, that really helps.", whatever the move reader made
        turn.evidence["acknowledge"] = thanks  # of it
    if "next_step" not in kept and (later := hearing.next_step_said(text)):
        turn.moves.append("next_step")  # "I'll resend the proposal and check back in a couple of weeks.": a next
        turn.evidence["next_step"] = later  # step, if a vague one, whatever the move reader made of it
    announced = "" if "summarize" in kept else hearing.announced_playback(text)
    if announced:  # "what I'm hearing is...": heard as a play-back whatever the move reader made of it
        turn.moves.append("summarize")
        turn.evidence["summarize"] = announced
    elif "summarize" not in kept and state.revealed and (told_back := _told_back_wrong(state, text)):
        turn.moves.append("summarize")  # "OK, so <what the buyer never said>.": the buyer corrects it
        turn.evidence["summarize"] = told_back
    brushed = dismissal(hearing.without_vocatives(text))  # "Olivia, I understand, but honestly no budget is not a
    if brushed:  # real reason": the name first changes nothing
        turn.habits.append("dismissed")
    if brushed and "acknowledge" in turn.moves and hearing.without_vocatives(turn.evidence["acknowledge"]) == brushed:
        turn.moves.remove("acknowledge")  # and the "I understand" that opens it acknowledges nothing
        turn.evidence.pop("acknowledge")
    reactions: list[str] = []
    facts = _hear_questions(state, turn, reactions)
    # "I completely understand, and thank you for being honest." acknowledges whatever the move reader made of it; not
    # as a formality before a string of questions, an off-topic one or a picture sold ("Understood. 1) is the problem
    # still there, 2) what...")
    plainly = "" if "acknowledge" in turn.moves or chat else hearing.understood(text)
    if plainly and not {"stacked", "off_topic"} & set(turn.habits) and not hearing.sold_picture(text):
        turn.moves.append("acknowledge")
        turn.evidence["acknowledge"] = plainly
    turn.uncovered = [fact.id for fact in facts]
    _hear_the_rest(state, turn, reactions)
    _open_up(state, turn, facts)
    turn.reaction = _one_reaction(state, turn, reactions, facts)
    state.turns.append(turn)
    if state.outcome is None and state.cooled >= state.variant.patience:
        state.outcome, turn.reaction, facts = "walked_away", "walked_away", []
    elif state.outcome is None and len(state.turns) >= state.scenario.max_turns:
        state.outcome, turn.reaction = "out_of_time", "out_of_time"
    if turn.reaction == "pitch_early":
        facts = facts[:1]  # a buyer who has just been pitched at pushes back, and answers one question at most
    turn.uncovered = [fact.id for fact in facts]
    turn.asked = turn.asked[: len(facts)]
    state.revealed += turn.uncovered
    recalled = _recalled(state, turn) if turn.reaction == "no_more" and not facts else ""
    parts = ([recalled or state.line(turn.reaction)] if turn.reaction else []) + [
        as_told(state.pick(f"fact:{fact.id}", fact.says), turn) for fact in facts
    ]
    if turn.reaction in CLOSERS and len(parts) > 1:
        parts = parts[1:] + parts[:1]  # the answer, then what the buyer makes of the meeting, or the goodbye
    state.said += parts
    state.told += [part for part in parts if part not in state.scenario.lines.get(turn.reaction, ())]
    return " ".join(parts)


def _recalled(state: DrillState, turn: RepTurn) -> str:
    """A question about what the buyer has told already is answered with it again, in brief ("How are members finding
    it at busy times?" after the long holds at tax time), not with "That's all there is": the fact told whose words the
    question shares most, beyond what any question says; "" when it shares none."""
    asked = {w for q in turn.questions for w in topics.content_words(q)}
    asked -= topics.common_words() | topics.DISCOVERY_WORDS | topics.ANY_KIND_WORDS
    told = [state.scenario.fact(f) for f in state.revealed]
    own = {f.id: {w for t in (f.label, *f.about, *f.says) for w in topics.content_words(t)} for f in told}
    shared = [(len(asked & own[f.id]), -k, f) for k, f in enumerate(reversed(told))]
    best = max(shared, key=lambda item: item[:2], default=None)
    if best is None or best[0] == 0:
        return ""
    turn.recalled = best[2].id
    said = _LEAD_IN.sub("", as_told(state.pick(f"recall:{best[2].id}", best[2].says), turn), count=1)
    return "As I said: " + " ".join(sentences_of(said[:1].upper() + said[1:])[:2])


# How a buyer opens telling something for the first time ("If I'm honest: ...", "Look, ..."), left out of a recap.
_LEAD_IN = re.compile(
    r"^(?:if i'm honest|honestly|look|well|to be fair|between us|frankly)(?:\s*[:,?]\s*|\s+)", re.IGNORECASE
)


# A fact that opens by thanking the rep ("Thanks. What hurt was...") is told that way only to a rep who acknowledged
# something, and not after a reaction of another kind: "That's a sales pitch, and I'm a customer. Thanks." is two
# people talking.
THANKS = re.compile(
    r"^(?:(?:thanks|thank you)(?: for (?:saying|being)[^.!]{0,20})?"
    r"|(?:i )?appreciate (?:that|it|you saying (?:it|that))|that's kind of you to say|fair of you to say(?: that| so)?)"
    r"[.!,]\s+",
    re.IGNORECASE,
)


def as_told(said: str, turn: RepTurn) -> str:
    """A fact's words as the buyer tells them in answer to `turn`: without its opening thanks unless the rep earned
    them with an acknowledgement the buyer took as one."""
    thanked = "acknowledge" in turn.moves and turn.reaction in ("", "acknowledged")
    if thanked or not THANKS.match(said):
        return said
    rest = THANKS.sub("", said, count=1)
    return rest[:1].upper() + rest[1:]


def _chatting(state: DrillState) -> bool:
    """Was the rep's last message small talk?"""
    return bool(state.turns) and "off_topic" in state.turns[-1].habits


def _hear_questions(state: DrillState, turn: RepTurn, reactions: list[str]) -> list[Fact]:
    """Answer the message's questions one by one: the first two, or only the first of three or more."""
    heard = hearing.questions(turn.text, turn.analysis)
    meetings = [q for q in heard if q.meeting]
    if meetings and "next_step" not in turn.moves:  # "can we meet Monday at 11?" asks for a meeting
        turn.moves.append("next_step")
        turn.evidence["next_step"] = meetings[0].text
    # "Did I get that right?" after a play-back asks the buyer to confirm it: no question of its own.
    checking = "summarize" in turn.moves
    # ...and "How's your week going?" greets the buyer: it asks nothing about their business; nor does the alternative
    # a greeting offers ("Are you based at head office, or do you spend most of your week out on the sites?").
    # Nor does "Would that make a difference to the committee?" after the rep's own claim, or "Don't you think your
    # techs would prefer...?": they ask for agreement; nor "What's the best email for them?", where to send the invite.
    idle: list[bool] = []  # asks nothing about the buyer's situation
    # "Wouldn't it be great if urgent repairs jumped the queue?", "And imagine your response times dropping...":
    # a pitch, which feels for nothing, and its tag ("That's a good story for your board, no?") asks nothing
    picture = hearing.sold_picture(turn.text)
    if picture:
        # (nor does it play anything back: "Other carriers that ... took three weeks off DSO." is no play-back)
        for quoted in [m for m in ("acknowledge", "summarize") if m in turn.moves and turn.evidence[m] == picture]:
            turn.moves.remove(quoted)
            turn.evidence.pop(quoted)
        turn.moves += [] if "pitch" in turn.moves else ["pitch"]
        turn.evidence.setdefault("pitch", picture)
    for q in heard:
        lead = turn.text[: max(turn.text.find(q.text), 0)]
        alternative = bool(idle) and idle[-1] and re.search(r"\bor\W*$", lead, re.IGNORECASE) is not None
        claim = hearing.trial_close(q.text, lead)
        if claim and hearing.imagined(q.text) and _played_back(turn, claim, q.text):
            claim = ""  # "So invoices go out a week late. What would that mean for your cash?" asks what it costs
        greeting = hearing.pleasantry(q.text) or hearing.logistics(q.text)
        # (the same sentence asking the buyer to agree with it: "We help teams like yours cut disputes by a third, so
        # would you agree it'd be worth a look?")
        tagged = bool(picture) and (hearing.TAG_QUESTION.search(q.text) is not None or q.text.strip() in picture)
        idle.append(greeting or alternative or bool(claim) or hearing.leading(q.text) or tagged)
        if claim and _claimed_not_played_back(turn, claim, q.text):
            turn.moves.remove("summarize")  # "Invoices go out the day the load is delivered. Isn't speed usually what
            turn.evidence.pop("summarize", None)  # your customers care about?" sells; it plays nothing back
            checking = False
        if claim and not {"pitch", "summarize", "next_step"} & set(turn.moves) and not turn.price[0]:
            turn.moves.append("pitch")  # ...and what it asks the buyer to agree with was a pitch, named or not
            turn.evidence["pitch"] = claim
    asked = [
        q
        for q, nothing in zip(heard, idle, strict=True)
        if not q.meeting and not (checking and hearing.checks_playback(q.text)) and not nothing
    ]
    if state.turns and not asked and any(hearing.pleasantry(q.text) for q in heard):
        turn.habits.append("off_topic")  # small talk once the call is under way, with nothing asked about the business:
        reactions.append("off_topic")  # "so how's Ohio this time of year?" in the third message is off the subject
    if turn.price[0] == "concession":  # "What if I took 20% off?" offers something; it asks the buyer nothing, and
        # nor does an offer of any kind beside it ("What if we took budget off the table?")
        asked = [q for q in asked if q.text not in turn.price[1] and not hearing.offers(q.text, given=True)]
    trade = turn.price[0] == "trade"
    # A play-back's check ("is that right?") is one more thing to answer, as a meeting asked for is
    checked = checking and any(hearing.checks_playback(q.text) for q in heard)
    if _asks(asked) + _listed(turn.text) + bool(meetings) + checked > MOST_ANSWERED:
        turn.habits.append("stacked")
        reactions.append("stacked")
        state.cooled += 1
        asked = asked[:1]
    asked = [q for q in asked if not hearing.request(q.text)]  # a favour is one more thing to answer, but asks nothing
    # "What if I could get you a special deal if you sign this month?" offers; it asks nothing of the buyer's situation
    # (the buyer answers the trade below). "If I send you an ROI sheet, can you take it to the CFO?" does ask.
    asked = [q for q in asked if not (trade and q.text in turn.price[1] and hearing.gives(q.text))]
    # Asked before and answered: with a fact, or with "that's all there is" (a yes or no invites the better question).
    before = [q for t in state.turns for q in t.asked + (t.questions if t.reaction == "no_more" else [])]
    facts: list[Fact] = []
    for question in map(_as_asked, asked):
        moves = set(question.moves) | ({"trade"} if trade else set())
        if any(hearing.same_question(question.text, earlier) for earlier in before):
            turn.habits.append("repeated")
            reactions.append("repeated")
            continue
        # "...a proper coffee machine in your office? Who signs off on that?", "Who decides on the winter gear? Is that
        # a supervisor thing, or does it go up to the GM?": what "that" is, the question before says
        follows_chat = "off_topic" in turn.habits and re.search(
            r"\b(?:that|it|this|those|them)\W*$"
            r"|^\W*(?:and |so )?(?:is|does|would|will|was|can|could|has) (?:that|it|this)\b",
            question.text,
            re.IGNORECASE,
        )
        if follows_chat or topics.off_topic(question.text, state.scenario, state.told, turn.text, _chatting(state)):
            turn.habits.append("off_topic")
            reactions.append("off_topic")
            continue
        turn.questions.append(question.text)
        for move in sorted(question.moves):
            if move not in turn.moves:
                turn.moves.append(move)
                turn.evidence[move] = question.text
        fact = _fact_for(state, question, moves, _up_to(turn.text, question.text))
        if fact is not None and fact not in facts:
            facts.append(fact)
            turn.asked.append(question.text)
    offered = [f for f in state.scenario.facts if "trade" in f.when and f.id not in state.revealed]
    if trade and offered and not facts and "stacked" not in turn.habits:  # "If you sign for three years, I could do
        facts.append(offered[0])  # 12%." asks nothing, but offers a trade: the buyer answers it as one
        turn.asked.append(turn.price[1])
    del facts[MOST_ANSWERED:], turn.asked[MOST_ANSWERED:]
    return facts


def _as_asked(question: Question) -> Question:
    """`question` with the moves it makes whatever the move reader made of it: "If we try to size it: what has that
    done to DSO...?" is open; "What's behind the 20%?" asks where the number comes from, not what anything costs, and
    "Can I ask what sits behind the no budget?" why there is none, not how money is approved;
    "what do u need to renew?" asks for the criteria."""
    moves = question.moves
    if "open_question" not in moves and _OPEN_AFTER_LEAD.search(question.text):
        moves = moves - {"closed_question"} | {"open_question"}
    if {"impact_question", "criteria_question"} & moves and _ASKS_CAUSE.search(question.text):
        moves = moves - {"impact_question", "criteria_question"} | {"open_question"}
    if "open_question" in moves and _ASKS_NEEDS.search(language.plain(question.text)):
        moves = moves | {"criteria_question"}
    return replace(question, moves=moves)


def _in_its_words(fact: Fact, question: str) -> bool:
    """Does the question ask in the fact's own words, two of them at least ("Is that figure tied to a savings target,
    or to the other quote?" asks what is behind the 20%, whatever kind of question the reader took it for; "which
    metrics does the board track you on?" asks for the metrics the board holds the buyer to)?"""
    said = {w for line in (fact.label, *fact.says) for w in topics.content_words(line)} - topics.common_words()
    return len(topics.content_words(question) & said) >= 2


def _up_to(text: str, question: str) -> str:
    """The message as far as the end of `question`: what a question is about never lies in the questions after it
    ("What's behind it, ...? Who would approve a mid-year request?" asks the first about the freeze, not approval)."""
    at = text.find(question)
    return text if at < 0 else text[: at + len(question)]


def _open_up(state: DrillState, turn: RepTurn, facts: list[Fact]) -> None:
    """Some buyers open up when they feel heard: first, "Thanks. What hurt was..." answers the acknowledgement (one
    still standing once the play-back is checked), then the buyer answers the question. Sympathy beside small talk and
    nothing else ("how are the crews coping with the cold snap? Must be tough out in the trucks.") feels for the
    weather, not for what went wrong: the buyer is only puzzled."""
    if "off_topic" in turn.habits and not facts or turn.pitched_early or "stacked" in turn.habits:
        return  # "Totally understand! Operators your size lose six figures a year...": the pitch is what is heard; and
        # "Totally understand. When does budget reopen, who approves exceptions, what's your agency spend...?" is
        # a survey: the buyer answers its first question, and opens up to no one
    if "acknowledge" in turn.moves:
        opened = [f for f in state.scenario.facts if "acknowledge" in f.when and f.id not in state.revealed]
        if opened and opened[0] not in facts:
            facts.insert(0, opened[0])
            turn.asked.insert(0, turn.evidence["acknowledge"])
            del facts[MOST_ANSWERED:], turn.asked[MOST_ANSWERED:]  # ...and then the first question, of two


# An open question that only asks for the rest of a yes/no answer: "How did that go?", "What happened?", "Why not?"
FOLLOW_UP = re.compile(
    r"(?:if so,? |if not,? )?(?:how did (?:that|it) go|what happened|why(?: not)?|how so|how come)\b", re.IGNORECASE
)


def _played_back(turn: RepTurn, claim: str, question: str) -> bool:
    """Is `claim`, the sentence before `question`, the rep's play-back of what the buyer said?"""
    return turn.evidence.get("summarize") == claim and not _claimed_not_played_back(turn, claim, question)


def _claimed_not_played_back(turn: RepTurn, claim: str, question: str) -> bool:
    """Is the sentence the move reader took for a play-back the claim a trial close asks the buyer to agree with, with
    nothing that marks it as the buyer's words (no "so...", no "sounds like", no check such as "did I get that?")?"""
    if "summarize" not in turn.moves or turn.evidence.get("summarize") != claim:
        return False
    lowered = language.plain(claim)
    return not (
        hearing.PLAYBACK_CHECK.search(question)
        or hearing.announced_playback(turn.text)
        or moves_rules.SUMMARY_OPENING.search(lowered.strip())
        or moves_rules.SUMMARY_ANYWHERE.search(lowered)
    )


def _listed(text: str) -> int:
    """Things asked after as a list of three or more in a question, beyond the question that asks them: "And:
    make-ready time / cost per vacant day / turns a year / how work orders come in?" ("abandonment / hold times" is
    one thing or the other)."""
    asked = [s for s in sentences_of(text) if s.rstrip().endswith("?")]
    lists = [len(re.findall(r"\s/\s", s)) for s in asked]
    # ...or numbered: "1) What do you need to recommend, 2) what can you give back, 3) reference or case study?"
    items = [i for i in _NUMBERED.split(text)[1:] if _ASKING_WORD.match(i.strip().lower()) or "?" in i]
    numbered = len(items) - 1 if len(items) >= 3 else 0
    # ...or the buyer's things listed after one "what's": "What's your abandonment rate, your average hold time, and
    # do you offer callback?" asks for two figures and about the callback
    owned = sum(len(_YOUR_NEXT.findall(s)) for s in asked if _WHATS_YOUR.match(s))
    return sum(n for n in lists if n >= 2) + numbered + sum(map(_topics_listed, asked)) + owned


_WHATS_YOUR = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:what(?:'s| is| are| was| were)\s+your\b"
    # "Could you tell me how many agents you have, your monthly call volume, your abandonment rate, and ...?"
    r"|(?:could|can|would) (?:you|u) (?:tell|give|send) me\b)",
    re.IGNORECASE,
)
_YOUR_NEXT = re.compile(r",\s*(?:and\s+)?your\b", re.IGNORECASE)
_NUMBERED = re.compile(r"(?:^|[\s,;:.])\(?\d\)\s")


_ASKING_WORD = re.compile(r"^(?:who|what|how|when|where|which|why)\b")
_THEN_ASKS = re.compile(r"^and (?:can|could|would|will|shall|should|do|does|is|are|when|what|how|who)\b")


def _topics_listed(question: str) -> int:
    """Topics put as a list before a question, beyond it: "Requirements, security review process, who signs, budget,
    and can we book a deep dive Tuesday at 2?" asks after four things and for a meeting. Three or more short items
    (four words or fewer, or a question of five: "how mid-year approvals work"), one of them a question ("who signs")
    or the list followed by a question or a meeting of its own; not the options of one question ("Is it price, terms,
    timing, or something else?") nor the parts of one thing ("What's the cost in money, time, and morale?")."""
    # (what comes before a colon only leads in: "Just to pin it down: number of feeds, what security needs, ...")
    parts = [p.strip().lower() for p in re.sub(r"^[^?,:]*(?:,[^?,:]*)?:\s", "", question.rstrip("?")).split(",")]
    if len(parts) < 4 or parts[-1].startswith("or "):
        return 0
    parts[0] = re.sub(r"^(?:so|and|ok(?:ay)?|again)\s+", "", parts[0])  # "So agency spend, how approvals work, ..."
    # short items, or short questions: "what the CFO needs", "how mid-year approvals work"
    items = [p for p in parts[:-1] if 0 < len(p.split()) <= 4 or (_ASKING_WORD.match(p) and len(p.split()) <= 5)]
    # ...then asked about, or followed by a question or a meeting of its own: "..., and a session next week?"
    closes = _THEN_ASKS.match(parts[-1]) or _LIST_CLOSES.match(parts[-1])
    if not closes and not any(_ASKING_WORD.match(p) for p in items[1:]) and len(parts[0].split()) > 2:
        items = [p for p in items if p != parts[0]]  # "What drives it, volume, complexity, staffing?" asks one thing
    asks = any(_ASKING_WORD.match(p) for p in items) or closes
    return len(items) - 1 if len(items) >= 3 and asks else 0


# What a list of topics may end on: "feeds, security, sign-off, next week, would that work?", "..., and a slot next
# week?"
_LIST_CLOSES = re.compile(
    r"^(?:(?:would|could|can|does|will|shall) (?:that|this|it|you)\b"
    r"|(?:and )?(?:[\w']+ ){0,4}?(?:" + hearing.MEETING_NOUNS + r"|time)\b"
    r"|(?:and )?(?:next|this) (?:week|wk)\b)"  # "Again please: agency cost, scheduling, approver, and next week?"
)


def _asks(questions: list[Question]) -> int:
    """How many things the questions ask: a yes/no question opening the sentence after an open one only narrows it
    down ("What sits behind the 20%? Is it a savings target or another quote?"); one run on in the same sentence
    ("..., what would success look like, does your manager have a say?") or joined on ("And is there a budget?") asks
    something else. Nor does "How did that go?" or "Why not?" after a yes/no question ("Has Castellan tried a safety
    tool before? How did that go?"): it asks for the rest of the same answer."""
    count, after_open, after_closed, previous = 0, False, False, ""
    for k, question in enumerate(questions):
        if question.stated and k + 1 < len(questions):
            continue  # "help me understand how a decision like this gets made. Who signs, and...?" leads into them
        closed = "closed_question" in question.moves and "open_question" not in question.moves
        joined = re.match(r"(?:and|also|plus|or)\b", question.text.strip(), re.IGNORECASE)  # "And is there a budget?"
        narrows = after_open and closed and not joined
        follows_up = after_closed and FOLLOW_UP.match(question.text.strip())
        if not ((narrows or follows_up) and previous.endswith("?")):
            count, after_open = count + 1, "open_question" in question.moves
        after_closed = closed
        previous = question.text.rstrip()
    return count


def _hear_the_rest(state: DrillState, turn: RepTurn, reactions: list[str]) -> None:
    """A pitch, a concession, a play-back and a request for the next step, each as the buyer takes it."""
    if "pitch" in turn.moves and not state.turns and hearing.reason_for_call(turn.evidence["pitch"]):
        turn.moves.remove("pitch")  # "I work with stamping plants on unplanned downtime.": why the rep called
        turn.evidence.pop("pitch")
    if "pitch" in turn.moves and not _understood(state):
        turn.pitched_early = True
        state.cooled += 1
        reactions.append("pitch_early")
    elif "pitch" in turn.moves:
        reactions.append("pitch_welcome")
    kind, words = turn.price
    if kind == "concession" and hearing.echoes_terms(
        words, state.told, " ".join(topics.scenario_texts(state.scenario))
    ):
        kind, turn.price = "", ("", "")
    if kind == "concession":
        turn.habits.append("conceded")
        turn.evidence["conceded"] = words
        reactions.append("pocketed")
    if "summarize" in turn.moves:
        # Before the buyer has told anything beyond the opening line, there is nothing to play back.
        told = state.told if state.revealed or turn.uncovered else []
        matches = hearing.playback_matches(turn.text, told, *_truth(state)) if told else None
        if matches is None and told and _told_back_wrong(state, turn.text):
            matches = False
        if told and _downplayed(turn.text):
            matches = False
        if matches:
            reactions.append("summary_right")
            # What it guessed right and the buyer had not told yet, she confirms: it is known from now on (a
            # hypothesis checked, not a question asked: no question's line is earned by it).
            untold = [f for f in state.scenario.facts if f.id not in state.revealed and f.id not in turn.uncovered]
            hunches = hearing.guesses(turn.text, untold, told)
            turn.confirmed, state.revealed = hunches, state.revealed + hunches
            statements = [s for s in sentences_of(turn.text) if not s.rstrip().endswith("?")]
            if turn.evidence["summarize"].rstrip().endswith("?") and statements:  # quote the play-back, not the check
                turn.evidence["summarize"] = max(statements, key=len)
        else:  # not a play-back at all (None), or a wrong one, which the buyer corrects
            turn.moves.remove("summarize")
            played = turn.evidence.pop("summarize", None)
            reactions += [] if matches is None else ["summary_wrong"]
            turn.habits += [] if matches is None else ["misread"]
            quoted = turn.evidence.get("acknowledge")
            if matches is False and (quoted in (played, None) or not acknowledges(quoted)):
                # "So if I've got this right, <what the buyer never said>. Fair?" acknowledges nothing they said, nor
                # does the rest of a wrong play-back ("The main issue is really staff turnover."), read as one
                turn.moves = [m for m in turn.moves if m != "acknowledge"]
                turn.evidence.pop("acknowledge", None)
    if "next_step" in turn.moves and "stacked" in turn.habits:
        turn.moves.remove("next_step")  # of a stacked message, the buyer answers only the first question...
        turn.next_step = "stacked"  # ...but the rep did ask for the meeting
        turn.evidence["next_step"] = hearing.meeting_words(turn.text, turn.analysis)
    elif "next_step" in turn.moves and "summary_wrong" not in reactions:
        reactions.append(_answer_next_step(state, turn))
    elif "next_step" in turn.moves:
        turn.moves.remove("next_step")  # the buyer corrects the play-back before anything is booked
        turn.next_step = "corrected"
        turn.evidence["next_step"] = hearing.meeting_words(turn.text, turn.analysis)


DOWNPLAYED = re.compile(
    r"\b(?:a |the )?(?:small|minor|tiny|slight)(?: \w+)? (?:gap|issue|problem|thing|delay|dip|drop|hiccup)\b"
    r"|\b(?:stayed|staying|stays|roughly|pretty much|basically) (?:about |roughly )?the same\b"
    r"|\b(?:decent|good|fine|ok|okay|reasonable) shape\b|\bnice[- ]to[- ]have\b"
    # ("no pressure to switch" is the happy customer's own word)
    r"|\bno (?:real |hard |firm |big )?(?:freeze|urgency|rush|deadline|pressure)\b(?! to (?:switch|change|move))"
    r"|\bjust (?:been|got|gotten) busy\b|\bnothing(?:'s| has)? (?:really |much )?changed\b"
    r"|\b(?:just|only|simply) (?:needs?|has|have) to (?:sign|approve|rubber[- ]stamp)|\brubber[- ]stamp|\ba formality\b"
    r"|\b(?:actually|already) (?:ahead|on track|on target)\b|\bnot (?:really |that |very )?(?:urgent|pressing)\b"
    r"|\b(?:themselves|itself) (?:is|are) (?:fine|ok|okay)\b"
    r"|\b(?:is|are|'s|'re) (?:basically|actually|largely) (?:fine|ok)\b"
    r"|\b(?:isn't|is not|not) (?:really |much of )?(?:a |an )?(?:focus|priority|crisis|big deal)\b"
    r"|\bmore of a nuisance\b"
    r"|\b(?:really|mainly|mostly|basically|just) (?:a |an )?(?:training|timing|people|user|adoption|speed) "
    r"(?:issue|thing|problem|question)\b",
    re.IGNORECASE,
)


def _downplayed(text: str) -> bool:
    """Does a play-back make the buyer's problem smaller than they told it ("so it's a small gap", "closing times
    have stayed about the same", "really a training issue")? Then it is wrong, whatever words it shares with them."""
    return any(
        not re.search(r"\bnot (?:a |an |just |really )?$", s[: m.start()].lower())  # "not a nice-to-have" raises it
        for s in sentences_of(text)
        if not s.rstrip().endswith("?")
        for m in DOWNPLAYED.finditer(s)
    )


def _told_back_wrong(state: DrillState, text: str) -> str:
    """The statement in `text` that tells the buyer back what they said and gets it wrong ("OK, so a dbt model failed
    for a few hours in March, the cost was minimal, and your CFO is the one who'd sign this."), or "": put forward as
    the buyer's words, it is corrected whether or not the move reader took it for a play-back. One that is right stays
    the move reader's call."""
    told_back = next((s for s in sentences_of(text) if hearing.told_back(s)), "")
    wrong = told_back and hearing.playback_matches(told_back, state.told, *_truth(state), put_forward=True) is False
    return told_back if wrong else ""


def _truth(state: DrillState) -> tuple[frozenset[str], str]:
    """What is true of the buyer, against which a play-back is checked: the scenario's words and its text."""
    return topics.scenario_words(state.scenario), " ".join(topics.scenario_texts(state.scenario))


def _one_reaction(state: DrillState, turn: RepTurn, reactions: list[str], facts: list[Fact]) -> str:
    """The single reaction the reply opens with (or closes with, for the next step); "" when facts answer it."""
    for lead in LEADS:
        if lead in reactions:
            return lead
    for step in ("agreed", "next_step_early", "next_step_vague"):
        if step in reactions:
            return step
    if facts:
        return ""
    for kind in ("summary_right", "pitch_welcome"):
        if kind in reactions:
            return kind
    moves = set(turn.moves)
    if moves & QUESTIONS:  # "That's fair. What's driving it?" is answered as a question, even with nothing new
        only_closed = "closed_question" in moves and "open_question" not in moves
        if only_closed and state.variant.open_only or not state.revealed:
            return "closed" if only_closed else "unclear"
        return "no_more"
    if "acknowledge" in moves:
        return "acknowledged"
    return "unclear"


def _answer_next_step(state: DrillState, turn: RepTurn) -> str:
    words = hearing.meeting_words(turn.text, turn.analysis)
    turn.evidence["next_step"] = words
    dated = hearing.is_dated(words)
    turn.waiting_for = _still_needed(state.scenario, state.variant.needs, state.revealed + turn.uncovered)
    if turn.waiting_for or _misread_standing(state, turn):
        turn.next_step = "dated" if dated else "early"
        if any(t.next_step in ("early", "dated") for t in state.turns):
            turn.habits.append("pushed")
            state.cooled += 1
            return "pushed"
        return "next_step_early"
    if not dated:
        turn.next_step = "vague"
        return "next_step_vague"
    turn.next_step = "agreed"
    state.outcome = "met"
    return "agreed"


def since_misread(turns: list[RepTurn]) -> list[RepTurn] | None:
    """The messages after the last play-back the buyer corrected; None when the buyer corrected none."""
    wrong = [k for k, t in enumerate(turns) if "misread" in t.habits]
    return turns[wrong[-1] + 1 :] if wrong else None


def _misread_standing(state: DrillState, turn: RepTurn) -> bool:
    """Has the buyer corrected a play-back that nothing since has put right (a play-back they confirmed, or a
    question they answered before this message)? Then there is nothing agreed to meet about yet: "Great, so I'll set
    up a demo with your IT team. What's the best email for them?" asks its question too late to count."""
    since = since_misread(state.turns)
    return since is not None and not any(
        t.questions and t is not turn or t.reaction == "summary_right" or "summarize" in t.moves for t in [*since, turn]
    )


# The kind of question whose facts stand in for one another as a reason to meet.
_ASKED_FOR = frozenset({"criteria_question"})


def _still_needed(scenario: Scenario, needs: tuple[str, ...], known: list[str]) -> list[str]:
    """What the buyer still wants to hear before agreeing to meet: nothing once the first need (the reason to meet,
    usually the cost) and at least half of the others are known, else every need not yet known. Past the first, a
    need counts as known once the buyer has answered a question of its kind: told who else decides, she has answered
    "what would it take?" in her way ("Who else would you want in the room?" earns the meeting as "What would you
    need to see?" does)."""
    missing = [fact for fact in needs if fact not in known]
    kinds = {kind for f in scenario.facts if f.id in known for kind in f.when if kind in _ASKED_FOR}
    others = [need for need in needs[1:] if need in known or _ASKED_FOR & set(scenario.fact(need).when) & kinds]
    enough = needs[0] in known and 2 * len(others) >= len(needs) - 1
    return [] if enough else missing


def replay(scenario: Scenario, difficulty: str, seed: str, messages: list[str]) -> tuple[DrillState, list[str]]:
    """The drill's state after the rep's `messages`, and the buyer's answers to them."""
    state = DrillState(scenario, difficulty, seed)
    opening(state)
    answers = []
    for message in messages:
        if state.outcome is not None:
            break
        answers.append(play(state, message))
    return state, answers
