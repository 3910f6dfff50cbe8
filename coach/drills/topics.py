"""What a rep's question is about, in words (lemmas, no stop words, numbers as digits).

- A fact comes out for a question about it (`about_fact`): one of its words is the fact's own (label, `about` words,
  what the buyer says with it), the persona's problems' or the buyer's last line's; or it has no words but those every
  sales conversation uses ("What is that costing you?", "Who else decides?"): about whatever the buyer just said.
  Which words every sales conversation uses is read from the labelled corpus (`nlu/moves/train.jsonl`): the words
  every one of its authors used.
- A question is off the subject (`off_topic`) when it is small talk (`SMALL_TALK`: coffee, lunch, the weekend, sport)
  and no word of this scenario's own (not one most scenarios share) or of the buyer's ties it to the call, as in "How
  much does your coffee cost?" or "Who else decides what's for lunch?"; and so is what follows small talk, unless
  something in the message ties it to the call.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from coach import language
from coach.content import DATA_DIR
from coach.drills.scenarios import Fact, Scenario, load_scenarios

CORPUS = DATA_DIR.parent / "nlu" / "moves" / "train.jsonl"
# The authors whose shared words are the vocabulary of sales talk (`common_words`): the eleven of the move corpus's
# train split when the buyer was built on it. A word counts only if every one of them used it, so each author added
# to train later (M14 on, for the move reader) would shrink the set and change what the buyer hears as particular.
VOCABULARY_AUTHORS = frozenset(f"M{n}" for n in (1, 2, *range(5, 14)))
NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
    "thousand": "1000", "million": "1000000",
}  # fmt: skip
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+(?:-[a-z]+)*")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return language.stop_words() | {"hi", "hey", "thanks", "thank", "ok", "okay", "yeah", "ya", "pls", "please"}


def content_words(text: str) -> set[str]:
    """The lemmas of `text` that carry meaning: no stop words, numbers as digits ("six" -> "6", "58%" -> "58")."""
    table, stop = language.lemma_table(), _stop_words()
    words = set()
    for token in _TOKEN.findall(language.plain(text)):  # chat shorthand written out: "ur" is "your"
        token = NUMBERS.get(token, token).replace(",", "")
        if token in stop or (len(token) < 3 and not token.isdigit()):
            continue
        words.add(table.get(token, token))
    return words


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The content words every author of the labelled corpus used (`VOCABULARY_AUTHORS`): the vocabulary of sales talk
    in general."""
    authors: dict[str, set[str]] = defaultdict(set)
    everyone: set[str] = set()
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["author"] not in VOCABULARY_AUTHORS:
            continue
        everyone.add(row["author"])
        for word in content_words(row["text"]):
            authors[word].add(row["author"])
    return frozenset(w for w, who in authors.items() if who == everyone)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


_SCENARIO_WORDS: dict[tuple[str, str], frozenset[str]] = {}


def scenario_words(scenario: Scenario) -> frozenset[str]:
    """Every content word of the scenario's situation: title, summary, scene, persona, keywords and its facts."""
    key = (scenario.id, scenario.scene)
    if key not in _SCENARIO_WORDS:
        _SCENARIO_WORDS[key] = _words_of(scenario)
    return _SCENARIO_WORDS[key]


def _words_of(scenario: Scenario) -> frozenset[str]:
    return frozenset(w for t in scenario_texts(scenario) for w in content_words(t))


def scenario_texts(scenario: Scenario) -> list[str]:
    """The scenario's situation as written: title, summary, scene, persona, keywords and its facts."""
    texts = [scenario.title, scenario.summary, scenario.scene, *_texts(scenario.persona), *scenario.keywords]
    for fact in scenario.facts:
        texts += [fact.label, *fact.about, *fact.says]
    return texts


# Words that say the same of a trend, so a question in one asks about a fact told in another: "What do you think
# caused the drop?" asks why use "fell from 82% to 38%".
FAMILIES = (
    frozenset("drop fall decline dip slide slump decrease plunge shrink".split()),
    frozenset("rise increase grow growth climb jump spike surge".split()),
)


def about_fact(
    question: str, fact_words: frozenset[str], heard: list[str], own: str = "", setting: frozenset[str] = frozenset()
) -> bool:
    """Does `question` (a question with what led up to it) ask about this fact: its own words (or a word of their
    family, `FAMILIES`), what the buyer just said, or nothing in particular? A question that on its `own` asks about
    nothing in particular does so whatever greeting came before it ("Hi Nadia, great to hear from you. Where do things
    stand on your side?"), and naming the buyer's `setting` (their company's words: "What are the main challenges you
    see at the network level today?") makes it no less general."""
    words = content_words(question)
    words |= {w for family in FAMILIES if words & family for w in family}
    recent = {w for line in heard[-1:] for w in content_words(line)}
    general = common_words() | DISCOVERY_WORDS
    return (
        bool(words & (fact_words | recent)) or words <= general or bool(own) and content_words(own) <= general | setting
    )


# Words of an open question about the buyer's situation in general, in any scenario: "What are the main pressures
# you're facing at the moment?", "Where do things stand on your side?", "What's the setup on your side at the moment?"
# ask about nothing in particular, so the buyer tells what is on their mind.
DISCOVERY_WORDS = frozenset(
    "pressure challenge priority issue focus concern goal pain struggle biggest main top face facing moment currently "
    "keep night mind plate agenda stand side end latest status update level setup set-up situation today".split()
)


# Words that name what a kind of question asks for in any scenario: "what are ur must-haves?" asks for the criteria
# whatever the buyer's criteria are about, "what's that costing you?" for the cost.
KIND_WORDS = {
    "criteria_question": frozenset(
        "must-have must-haves requirement requirements non-negotiable non-negotiables dealbreaker dealbreakers "
        "criterion criteria need prove bar checklist back support sponsor sign approve approval decide decision "
        "involve weigh".split()
    ),
    "impact_question": frozenset("cost worth impact money spend lose loss price".split()),
}
# Every word of them: words any question of a kind uses, which tie no small talk to a call.
ANY_KIND_WORDS = frozenset().union(*KIND_WORDS.values())


def fact_words(scenario: Scenario, fact: Fact) -> frozenset[str]:
    """A fact's topic: its label, its `about` words, what the buyer says with it, the persona's problems, and the
    words that name what it answers (`KIND_WORDS`)."""
    texts = [fact.label, *fact.about, *fact.says, *_texts(scenario.persona.get("problems"))]
    named = {w for kind in fact.when for w in KIND_WORDS.get(kind, ())}
    return frozenset(w for t in texts for w in content_words(t)) | named


# Small talk: the subjects of a question about nothing the call is for (lemmas, as content_words gives them).
SMALL_TALK = frozenset(
    """
    coffee tea lunch dinner breakfast brunch restaurant pizza burger sandwich snack beer wine cocktail recipe
    weekend holiday vacation beach hike hiking ski camping gardening weather rain sunny snow forecast
    football soccer baseball basketball hockey golf tennis cricket rugby playoff gym workout marathon yoga cycling
    traffic commute movie film netflix concert song novel podcast hobby pet dog cat puppy kid wife husband birthday
    wedding food cafeteria canteen music festival tv television videogame fishing garden cook bake hair fashion mall
    boat cruise museum theatre theater dance karaoke barbecue bbq picnic chocolate candy cake dessert soda juice
    smoothie sushi taco buffet shoe shirt outfit sneaker tattoo horoscope lottery casino poker chess crossword lego toy
    grandchild grandkid mom dad sister brother cousin girlfriend boyfriend christmas xmas thanksgiving easter halloween
    hanukkah diwali surf surfing swim swimming sailing
    party conference summit trip travel flight airport perk storm hurricane aisle bakery shopping summer winter
    food-truck downtown neighbourhood neighborhood game spring autumn city hybrid home road skier skiing fisherman
    fish angler fan sport stadium league championship tournament jersey quarterback touchdown inning
    parking lake cabin chitchat cyclist bike biking triathlon drama sitcom hometown accent getaway rooftop terrace eat
    nephew niece kitchen
    """.split()
)


# Small talk that is never the call's business, whatever words come with it.
PLAIN_TALK = frozenset(
    """
    coffee tea lunch dinner breakfast brunch weather vacation football soccer baseball basketball
    hockey golf tennis cricket rugby movie netflix concert hobby pet dog cat puppy birthday wedding cafeteria canteen
    commute surf surfing sailing fishing skiing barbecue bbq snack chitchat getaway beach
    """.split()
)
# Words that say how something is, not what: "a proper coffee machine" ties nothing to "proper roles".
_NO_SUBJECT = frozenset(
    "proper decent good great nice real big small new old quick best better right whole full huge little fine".split()
)


def off_topic(question: str, scenario: Scenario, heard: list[str], message: str = "", chatting: bool = False) -> bool:
    """Is `question` small talk ("How much does your coffee cost?", "Who else decides what's for lunch?"), or, while
    the rep is `chatting` already, anything nothing in its `message` ties to the call? Tied means a word of this
    scenario's own (not one most scenarios share, like "job") or of the buyer's (`heard`)."""
    question, message = _SEASON.sub(" ", question), _SEASON.sub(" ", message)  # "checking in after the summer"
    words, around = _words(question), _words(message)
    # "How was the trip home? The weather was wild."; not the scene's own occasion in thanks for the time ("Thanks for
    # the time after the conference. Can I ask what they've done to earn that?"), though it is in anything else ("Good
    # to meet after the conference. Did you enjoy it?")
    occasion = content_words(scenario.scene) & _words(" ".join(_THANKS.findall(message)))
    talk = (words | around - occasion) & SMALL_TALK
    if not (talk or chatting):
        return False  # most questions: nothing more to read
    problems = problem_words(scenario)
    decided = _DECIDES_ON.search(question.lower())
    if decided and _words(decided.group("what")) & SMALL_TALK - problems:
        return True  # "Who's the key decision-maker on where the ops team goes for happy hour?"
    talk -= problems  # a renewal that slipped over the summer is no small talk
    spoken = {w for line in heard for w in content_words(line)}
    # Small talk the buyer brought up is no tangent, but the question's own must be: after "I agreed to this at the
    # conference", "How was the trip home?" still is.
    if not (talk or chatting) or ((talk & words) <= spoken if talk & words else talk & spoken):
        return False
    names = f"{scenario.persona.get('name', '')} {str(scenario.persona.get('company', '')).split(',')[0]}"
    # Not the company's words ("a staff discount at Brightwell?"), nor words any question of a kind uses ("Anything
    # worth ordering?" after "What's the cafeteria like?" asks about lunch).
    own = problems - shared_words() - content_words(names) - ANY_KIND_WORDS
    ties = (own | spoken) - common_words() - SMALL_TALK - _NO_SUBJECT
    # A question with words of its own is judged by them; "Did I get that right?" by the rest of its message. More
    # small talk than call in it is small talk: "What's the food like in the hospital cafeteria?"
    judged = words if words - common_words() else words | around
    if talk - judged:  # "Are you a Snowflake Summit person? The parties were great.": the whole message is weighed
        judged = words | around
    # Two small-talk words outweigh two of the call's: "Do you get a proper lunch break in a plant like that, or is it
    # vending machine sandwiches?" is about lunch, though "plant" and "machine" are the call's words too; one needs
    # fewer ("How much fresh food goes to waste?" asks about the grocer's waste).
    # A subject that is nothing but small talk weighs two ("what do the crews usually do for lunch out in the field?").
    chat = len(judged & talk) + len(judged & talk & PLAIN_TALK)
    # Where the small talk happens ties nothing to the call: "Any good coffee places near the main hospital?"
    said = f"{question} {message}".lower()
    ties -= content_words(" ".join(PLACE.findall(said))) - content_words(PLACE.sub(" ", said))
    return len(judged & ties) <= (chat if chat > 1 else chat - 1) if chat else not judged & ties


# A sentence that thanks: "Hi Rachel, thanks for giving me the time after the conference."
_THANKS = re.compile(r"[^.?!]*\b(?:thanks|thank you|appreciate)\b[^.?!]*[.!]", re.IGNORECASE)

# A season as a time, not a subject: "after the summer", "before Christmas", "a demo in the spring" (not "over the
# holidays").
_SEASON = re.compile(
    r"\b(?:after|before|until|till|by|end of|early|late|next|in(?= the)) (?:the )?"
    r"(?:summer|winter|spring|autumn|fall|holidays?|christmas|xmas|thanksgiving|easter|new year)\b",
    re.IGNORECASE,
)
# Who decides, and on what: "Who's the decision-maker on team weekend plans?"
_DECIDES_ON = re.compile(
    r"\b(?:decid\w*|decision[- ]?makers?|calls? the shots|signs? off|approv\w*|(?:has|have|gets?) the final say)"
    r" (?:on|about|over|for|what|where|which|who)\b(?P<what>.*)"
)


# Small talk in words the call may use on their own, each with a word of `SMALL_TALK` it stands for: time away from
# work ("Did you get any time off this summer? Go anywhere good?"), the break room's coffee supplier (not a "break" on
# the press line, nor who is "in the room"), season tickets (not what it is "costing"), staff parking (not "parking
# that" for later).
TALK_PHRASES = {
    # (not "two to three days off make-ready")
    "holiday": r"(?:time|days) off(?=\W*$|[?.!,]| (?:this|next|last|over|for|in|at|with|lately|recently)\b)"
    r"|go(?:ing)? anywhere(?! else)|get(?:ting)? away|got away",
    "vacation": r"holiday plans|plans for the (?:holidays|break|long weekend|weekend)"
    r"|(?:any|doing anything) fun for the"
    r"|weekend plans|(?:big|good|nice|fun|long) weekend",
    "weather": r"cold snaps?|heat ?waves?|cold spells?|(?:out )?in the heat|hot weather",
    "coffee": r"break ?rooms?|staff ?rooms?|water cooler|kitchenette|caf[eé]s?",
    "snack": r"vending machines?",
    "commute": r"(?:staff |car )?parking(?: (?:lot|space|spot|garage)s?)?(?! (?:it|that|this|the)\b)"
    r"|how(?:'s| is| was) (?:the|that|your) drive"
    r"|driv(?:e|es|ing) (?:between|around|from) (?:the |your |our )?(?:sites|plants|hotels|communities|stores|branches"
    r"|depots|offices|properties|hospitals)|(?:those|these|the|your) drives\b"
    r"|(?:hours|time) (?:are you |do you spend |you spend )?in the (?:truck|car|van)\b",
    "sport": r"season tickets?|fantasy (?:football|league|team)",
    "movie": r"(?:hospital|medical|legal|police|cop|crime|tv) dramas?|tv (?:shows?|series)|box sets?"
    r"|(?:good|new|great) (?:series|shows)|watching (?:any|anything)\b",
    "party": r"office part(?:y|ies)|happy hours?|team drinks",
    "hobby": r"favou?rite thing (?:about|at|from|in|on)|(?:employee|staff) discounts?|anything fun\b"
    r"|(?:to|you) (?:switch off|unwind|wind down)\b|do for fun\b",
    # the buyer's career, asked as small talk: "how long have you been in procurement? What got you into it?"
    "chitchat": r"what got you into|how did you (?:get|end up) (?:into|in)\b"
    r"|how long have you been (?:in|doing) (?:procurement|sales|purchasing|this (?:job|role|line of work)"
    r"|the (?:job|role|industry|business))"
    # ...and a newcomer's: "how are you settling in? What's been the biggest surprise about the area?"
    r"|settl(?:ing|ed) in|since you (?:arrived|moved)|(?:moving|moved|move) here\b"
    r"|surprise about the (?:area|city|town|region)|(?:reading|watching) at the moment|any good (?:books?|reads?)"
    # ...or their own days on the job: "What's the biggest project you've ever worked on?", "Do you still get out on
    # site much yourself?"
    r"|(?:biggest|favou?rite|best|coolest) (?:project|job|build) (?:you've|you have) ever"
    r"|get out (?:on|to|in|into) (?:site|the sites?|the field|the floor) much",
}
_TALK_PHRASE = re.compile("|".join(rf"\b(?P<{word}>{phrase})\b" for word, phrase in TALK_PHRASES.items()))


def small_talk(text: str) -> set[str]:
    """The small talk in `text`, two-word phrases included ("flat out in the heat" talks about the weather)."""
    return _words(text) & SMALL_TALK


def _words(text: str) -> set[str]:
    """The content words of `text`, small talk said in two words ("the break room") as the one it stands for."""
    lowered = text.lower()
    stands_for = {m.lastgroup for m in _TALK_PHRASE.finditer(lowered) if m.lastgroup}
    return content_words(_TALK_PHRASE.sub(" ", lowered)) | stands_for


# A place named as where something is: "near the plant", "around the main hospital", "in to the office", "at the plant".
PLACE = re.compile(
    r"\b(?:near|around|close to|next to|outside|in to|into|out to|out at|at"
    r"|(?:yours|drive|commute|ride|walk|way|trip|journey) to)\s+(?:the |your |our )?(?:\w+ )?\w+"
)


def problem_words(scenario: Scenario) -> frozenset[str]:
    """The words of what the call is about: every fact's topic (`fact_words`), not the company's description ("22
    hotels on the Gulf coast"), so "Do you get to stay at your own hotels when you travel?" ties to nothing."""
    return frozenset(w for fact in scenario.facts for w in fact_words(scenario, fact))


@lru_cache(maxsize=1)
def shared_words() -> frozenset[str]:
    """Words most scenarios use ("job", "team", "year"): they tie a question to no call in particular."""
    counts: dict[str, int] = defaultdict(int)
    scenarios = load_scenarios()
    for scenario in scenarios:
        for word in scenario_words(scenario):
            counts[word] += 1
    return frozenset(w for w, n in counts.items() if 2 * n >= len(scenarios))
