"""What the buyer hears in one rep message: each question on its own, the meeting asked for, a play-back of what the
buyer said, and a price move, either a trade ("if I..., could you...?") or a concession given for nothing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from coach import language
from coach.drills import moves_rules
from coach.drills.figures import DATED, MONTHS, all_known, amounts
from coach.drills.moves import MoveAnalysis, acknowledges, asks_no_impact, question_kind, rule_moves, sentences_of
from coach.drills.scenarios import Fact
from coach.drills.topics import SMALL_TALK, common_words, content_words

QUESTION_MOVES = ("open_question", "closed_question", "impact_question", "criteria_question")
# A new question starting inside a sentence: "What would it cost, and who else decides?"
_NEXT_QUESTION = re.compile(
    # (an "or" before a yes-or-no question offers its other answer: "has the problem gone away, or is it the money?",
    # "Is it yours, or does it go to the finance committee?")
    r"(?:,\s*(?:and\s+|or\s+(?!(?:is|was|has|does|do|did|are|were) (?:it|that|this|they|there)\b)|plus\s+|[+&/]\s*)?"
    r"(?:also\s+)?|;\s*"
    r"|\s+and\s+(?:also\s+)?|\s+plus\s+|\s+[+&/]\s+)"
    r"(?=(?:what|what's|whats|how|hows|who|whos|why|when|where|which"
    r"|(?:at|in|for|with|by|from|to) (?:what|which|how|whom)"
    r"|(?:can|could|shall|should|would|will) (?:we|i|you|u|your|ur|he|she|they|the|it|data|anyone|someone)"
    r"|does|do|did|is|are|was|were|has|have|will|would|tell me)\b)"
    # ...and one asked as "if" after a comma and "and": "..., how much that costs you, and if you have a target?" (not
    # a trade's condition: "maybe we meet in the middle at 10%, if you can sign by June 30?")
    r"|,\s*and\s+(?:also\s+)?(?=(?:if|whether) (?:you|u|your|ur|there|they|the|we)\b)"
    # ...and one asked with no verb after a comma: "is ur maint mgr open to this, any retirements coming, + ...?"
    r"|,\s*(?=any\b(?! (?:idea|ideas|thoughts?|clue|chance|time)\b))",
    re.IGNORECASE,
)
# Within one sentence, a decimal point no end: "$460k (~11.5% under ur line)".
_WITHIN = r"(?:[^.?!]|\.\d)*"
TRADE = re.compile(
    r"\bif (?:i|we)\b(?! (?:could |can |were to )?(?:show|prove|demonstrate|convince)\b)[^?]*\b(?:could|would|can|will"
    r"|are) you\b|\bin (?:return|exchange)\b|\bin return for\b"  # (not "If I could show you..., would you...?")
    r"|\b(?:provided|as long as|on condition that) you\b|\bif you(?:'d| could| can| would| will)? (?:commit|sign|agree)"
    # "If we sign by June 15 and you give us a reference call, I can take a further 6% off": the buyer's signature
    r"|\bif we sign\b[^.?!]*,\s*(?:i|we)(?:'ll|'d| can| could| will| would)\b"
    # "i can prob get 10% if we sign this qtr": the offer, then what both sides do for it
    r"|\b(?:i|we)(?:'ll|'d| can| could| will| would)\b[^.?!]*(?:\d ?%|\bdiscount|\bfree\b|\boff\b)[^.?!]*"
    r"\bif we (?:sign|commit|agree)"
    # "if Meridian pays annually in advance I can offer 4% off": the buyer's side named ("If Meridian will be a
    # reference and do a short case study once you're live, I can get to 8%.")
    r"|\bif (?!(?:i|we|it|that|this|there)\b)\w+ (?:(?:will|would|can|could) )?(?:pays?|prepays?|commits?|signs?"
    r"|agrees?|be a reference|do a (?:short )?(?:case study|reference))\b"
    + _WITHIN
    + r",? (?:i|we)(?:'ll|'d| can| could| will| would)\b"
    # (not an offer at the buyer's pleasure: "If you want, I can run the demo for your CFO")
    r"|\bif you\b(?! (?:want|wanted|like|'d like|would like|prefer|wish|don't mind|(?:'re|are) interested)\s*,)"
    + _WITHIN
    + r",? (?:i|we)(?:'ll|'d| can| could| will| would)\b"
    # "If we agree net 60, ..., a signed three-year term this quarter and a reference call, I can bring the price to
    # $470k": agreed together, with something the buyer gives among it
    r"|\bif we (?:can )?(?:agree|settle|lock)\b" + _WITHIN + r"\b(?:sign|signed|signing|commit\w*"
    r"|(?:two|three|four|five|multi)[- ]year|reference|case study|prepay\w*|upfront|up front)\b"
    + _WITHIN
    + r",\s*(?:i|we)(?:'ll|'d| can| could| will| would)\b"
    # "On price, for a three-year commitment, signature by June 15 and a reference call, I can bring it to $465k"
    r"|\bfor (?:a |an )?(?:two|three|four|five|multi|\d)[- ]?(?:year|yr)s?\b"
    + _WITHIN
    + r",\s*(?:i|we)(?:'ll|'d| can| could| will| would)\b"
    # "u take 3yrs + a ref call, i put 60-day terms, a 3% renewal cap and the exit clause in writing"
    r"|\byou (?:take|commit|sign|give|agree)\b" + _WITHIN + r",\s*(?:and )?(?:i|we)(?:'ll| will| can)? "
    r"(?:put|give|add|do|bring|throw|include|cap|waive|knock|drop)\b"
    # ...or the other way round: "cap + exit + 60 days in writing, you take 3 yrs to Alan this qtr"
    r"|\b(?:in writing|on paper)\b" + _WITHIN + r",\s*(?:and )?(?:you|u) (?:take|commit|sign|give|agree|bring)\b"
    # The condition after the offer: "i can get to $460k IF we get the 3yr signed by june 30 + a reference call"
    r"|\b(?:i|we)(?:'ll|'d| can| could| will| would)\b" + _WITHIN + r"\bif (?:we|you|u) "
    r"(?:get|have|can get|sign|commit|agree|give)\b" + _WITHIN + r"\b(?:sign|signed|signing|commit\w*"
    r"|(?:two|three|four|five|multi|\d)[- ]?(?:year|yr)s?|reference|ref call|case study|prepay\w*|upfront|up front)\b"
    # ...or after the discount itself: "And 5% off if we sign the three-year term by June 30 and you give us a
    # reference call"
    r"|\b\d+ ?%(?: off| discount)?"
    + _WITHIN
    + r"\bif (?:we|you|u) (?:get|have|can get|sign|commit|agree|give|do)\b"
    + _WITHIN
    + r"\b(?:sign|signed|signing|commit\w*|(?:two|three|four|five|multi|\d)[- ]?(?:year|yr)s?|reference|ref call"
    r"|case study|prepay\w*|upfront|up front)\b"
    # ...or the buyer's side put without a subject: "7% off if 3 yrs signed this quarter + a reference call"
    r"|\b\d+ ?%(?: off| discount)?" + _WITHIN + r"\bif (?:the )?(?:\d|two|three|four|five|multi)[- ]?(?:year|yr)s?"
    r"(?: (?:term|deal|contract|commit\w*))? (?:is |are |gets? )?(?:signed|committed|agreed)\b"
    # Said to be one: "i can trade", "trade, not discount"; and the terms put against the price: "net 60 + 4% renewal
    # cap + signed 3yr this qtr + a ref call → $470k"
    r"|\b(?:i|we)(?: can| could|'d| would| will|'ll| are happy to|'re happy to) trade\b"
    r"|\btrade(?:,| not| rather than| instead of) (?:a )?discount"
    r"|\b(?:signed|commit\w*|reference|ref call|case study|(?:\d|two|three|four|five)[- ]?(?:yr|year)s?)\b"
    + _WITHIN
    + r"(?:→|->|=>)\s*\$?\d"
    # ...or "for" what the buyer gives: "5% off (~470k) for a 3 yr commit signed by june 15 + a reference call"
    r"|\b(?:\d+ ?% off|discount|free|terms|cap)\b" + _WITHIN + r"\bfor (?:a |an |the |your )?"
    r"(?:(?:\d|two|three|four|five|multi)[- ]?(?:yr|year)s?[- ]?(?:commit\w*|term|deal|contract|agreement)"
    r"|commit(?:ment)?\b|signature\b|signed\b)"
    # What the buyer gives, then what the rep gives: "3 yr commit + signed by mid june + a reference call, and i'll
    # give u 60 day terms"
    r"|\b(?:commit(?:ment)?|signed|signature|reference call|ref call|case study)\b" + _WITHIN + r",? and "
    r"(?:i|we)(?:'ll| will)? (?:give|do|put|add|throw|include|cap|waive)\b"
    # ...or what it buys: "a 3yr commit + signed by jun 20 + a reference call gets you 60 day terms ... and 5% off"
    r"|\b(?:commit(?:ment)?|signed|signature|reference call|ref call|case study)\b"
    + _WITHIN
    + r"\b(?:gets|get|buys|earns) (?:you|u)\b"
)
# A trade put as an order: "Commit to three years and I can do 12%." (with something given: a price, a term).
TRADE_ASKED_FIRST = re.compile(
    r"^\W*(?:\w+,? )?(?:commit|sign|agree) (?:to|for|on|by|before|this)\b[^.?!]*\band (?:i|we)(?:'ll|'d| can| could"
    r"| will| would)\b"
)
CONCESSION = re.compile(
    r"(\d+ ?%|\bpercent\b|\bdiscount|\bfree\b|\bno charge\b|\bwaive|\bthrow in\b|\bthrow (?:it|that) in\b|\bon us\b"
    r"|\b(?:lower|drop|cut|reduce|match) (?:the|our|my|their) (?:price|quote|rate)|\boff the (?:price|total|quote)"
    r"|\bbring (?:the|our|my) (?:price|quote) (?:down )?to\b"
    r"|\bdefer (?:all |the |your )?(?:payments?|billing|fees?|invoices?)"
    r"|\bpush (?:the |your |our )?(?:first )?(?:invoice|payment|bill)s? (?:out|back)"
    r"|\b(?:work|flex|move) on (?:the )?price|\bprice (?:easier|better|sharper|lower)\b"
    r"|\b(?:don'?t|do not|won'?t) (?:have to )?pay (?:anything|nothing|a (?:cent|penny|thing))\b|\bpay only from\b"
    r"|\bwhat(?:ever)? (?:price|number) (?:works|you need)\b)"  # "tell me what price works for you and we make it work"
)
# An offer made ("I can probably do 10%", "fine, we'll waive it"), not one promised to be looked into ("let me see what
# I can do": a stall, which gives the buyer nothing to bank).
# ...in the rep's own voice: "we'll do 60-day terms", "I can give you...".
_OWN_VOICE = (
    r"\b(?<!what )(?:i|we)(?:'ll|'d| will| can| could| would| might)?(?: probably| prob| definitely| happily| also)?"
    # ("i get u need savings" understands; it gives nothing)
    r" (?:do|give|offer|get you(?! (?:need|needs|want|have|are|'re|were|must|mean|feel|said|say|can't|don't|do)\b)"
    r"|throw|take|knock|waive|drop|match|go to|meet you|make it|include|add|extend|cut"
    r"|defer|move you|put you|cap)\b"
)
OFFER = re.compile(
    # ...or granted: "Fine, 20% it is.", "ok 15% then" (not "ok, that 12% renewal hit sounds nasty", which feels it)
    # (nor "ok, ED boarding hrs, LOS, margin (0.8%).", the buyer's figures listed back)
    _OWN_VOICE + r"|^(?:fine|ok|okay|alright|sure)\b(?![^.?!]*\b(?:sounds|sound|must|hurts?|hit|painful|nasty|tough"
    r"|rough|brutal)\b)(?![^.?!]*,[^.?!]*,)(?![^.?!]*\d ?% of\b)|^(?:(?:ok|okay|so|well|alright),? )?how about\b"
    r"|^would (?:a|an|\d)[^?]*\bwork\b|\blet's (?:do|say|call it)\b"
    # "a revised proposal at 10% off"
    r"|\b(?:revised|new|updated) (?:proposal|quote|offer|price)\b[^.?!]{0,20}\bat \d+ ?% off\b"
    r"|\b(?<!what )i can (?:probably |prob |maybe |likely )?(?:do|get|go)\b"
    # "Let me go to 50% off then", "let's match it: the first year free", "you don't pay nothing until next year"
    r"|\blet me (?:go|do|drop|give|offer|throw|knock|make it)\b|\blet's (?:match|waive|throw|give|make it)\b"
    r"|\b(?:you|u) (?:don'?t|do not|won'?t) (?:have to )?pay\b|\byou pay only from\b"
    r"|\b(?:i|we) (?:might|may|could|should) be able to (?:do|offer|give|go)\b"
    r"|\bwhat if (?:i|we) (?:could )?(?:took|take|gave|give|knocked|dropped|threw|cut|offered|did|waived|made it"
    r"|make it|make the|made the|matched|deferred)\b"
)


@dataclass(frozen=True)
class Question:
    text: str  # the question on its own ("who else decides")
    moves: frozenset[str]
    meeting: bool  # a request for the next step ("Can we meet Tuesday at 3pm?"), not a question about the buyer
    stated: bool = False  # put as a statement ("I'd love to understand how billing works today."): it leads into the
    # questions after it


# A request to ask that the question follows: "Can I ask, with budgets locked, has the problem gone away?"
_MAY_I_ASK = re.compile(
    r"^\W*(?:(?:so|and|ok|okay),? )?(?:can|could|may) i ask(?: you)?\b"
    r"(?!.*\b(?:what|how|who|why|when|where|which|whether|if)\b)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    r"^(?:(?:and|so|but|ok|okay),? )?(?:if|when|whenever|once|before|after|as|since|while|apart from|besides)\b"
    r"(?!'s\b|'re\b| (?:do|does|did|is|are|was|were|will|would|can|could|should)\b)",  # not "When's the review"
    re.IGNORECASE,
)
MEETING = re.compile(
    r"\b(?:(?:can|could|shall|should|why don't|maybe) we|we (?:can|could)|let's|how about"
    r"|would (?:you|u) be (?:open|up for|interested)|(?:are|r) (?:you|u) (?:free|around|open)"
    r"|(?:would|does) it (?:make sense|be worth it|be worth|help) to|worth (?:setting up|booking|scheduling|finding)"
    r"|(?:i'd|i would) (?:like|love) to (?:set up|book|schedule|arrange|find)"
    r"|(?:shall|should|can|could) i (?:set up|book|schedule|send (?:you )?(?:an|a calendar) invite"
    r"|send (?:you |over )?(?:\w+ ){0,3}and (?:follow up|check back|circle back|call))"
    r"|(?:when|where) (?:can|could|should|do) (?:i|we)"
    r"|(?:can|could|may) i (?:get|grab|have|book|steal|borrow|meet|come (?:in|by|over)|present|show you|walk you))\b"
    r"[^?.!,;]*\b(?:meet(?! (?:you |u )?(?:in the middle|halfway))|meeting|call|session|calendar|invite|slot|book"
    r"|lock in|diary|demo|deep dive|workshop|review|talk (?:more|further)|keep the conversation going"
    r"|catch[- ]?up|together"
    r"|sit down|get together|time|minutes|hour|\d+ ?(?:hrs?|mins?|h)|chat|walk ?through|dive|reconnect"
    r"|touch base|circle back|talk again"  # "if so can we do 1hr w/ u + ur controller to size the stuck cash?"
    r"|check in|speak again|set (?:something|it|that) up|sign (?:it |this |that )?off|sign-off|signed"
    r"|present (?:it|this|to)"
    r"|sign (?:by|before|this (?:week|month)|the (?:renewal|contract|paperwork|order))"
    r"|sign\b[^?.!,;]{0,30}\bthis (?:week|month)"  # "Can we sign at the current number this week?"
    r"|pick (?:this|it) (?:back )?up)\b"
    # Something sent, then a follow-up: "if I sent something over in the next few weeks and we take it from there?"
    r"|\b(?:re)?(?:send|sent|share|put together|pull together)\b[^.?!]{0,60}\band (?:then )?(?:we |i'?ll |i )?"
    r"(?:can |could )?"
    r"(?:reconnect|follow up|touch base|circle back|check back|check in|talk again|speak again|take it from there"
    r"|catch up|regroup|pick (?:this|it) (?:back )?up)\b"
    r"|\bwe(?:'ll| will)? (?:talk|speak|meet) again\b"  # "We talk again before the renewal date."
    # Time asked of the one who decides, through the buyer: "Can you ask Diane for 30 minutes with me?"
    r"|\b(?:can|could|would) (?:you|u) (?:ask|get) (?:\w+ ){1,3}for (?:a |an |some |half an? |\d+ ?)?"
    r"(?:mins?|minutes|hours?|meeting|call|slot)\b",
    re.IGNORECASE,
)


# A question that a colon's list then spells out ("how does the process run from here: ..."), not a lead-in ("Before
# we plan anything: who signs, who else has a say...?" stacks its questions).
_ASKING_HEAD = re.compile(
    r"^\W*(?:and |so |ok,? |okay,? )?(?:what|what's|how|who|whose|why|when|where|which|can|could|would|will|do|does|did"
    r"|is|are|has|have)\b",
    re.IGNORECASE,
)
# A part that asks something of its own, before a clause that would lead into the next: "Why budget is locked, ..."
_ASKS = re.compile(
    r"\b(?:what|what's|how|who|whose|why|which|where)\b|^\W*(?:can|could|would|do|does|is|are)\b", re.IGNORECASE
)
# A leading clause that has its question already: "Before we plan anything: who signs", "If so, what would it take?"
_ASKS_ALREADY = re.compile(r"\?\s*$|[:,]\s*(?:what|what's|how|who|why|when|where|which)\b", re.IGNORECASE)


# Where a dictated run-on starts its next question, with no comma or question mark between ("what's your abandonment
# rate what's the average hold what does it cost you in lost loans"), though not a question inside another ("do you
# know how much it costs").
_RUN_ON_START = re.compile(
    r"\s(?=(?:what's|what is|what are|what does|what do|what would|what was|how many|how much|how long|how often"
    r"|how do|how does|how did|how is|how are|who signs|who decides|who else|who would|who owns|when does|when do"
    r"|when is|when are|when would|where do|where does|is there|is it|are you|are there|does it|do you|did you"
    r"|can we|can you|could we|could you|would you|should we)\b)",
    re.IGNORECASE,
)
# A wh-question's head still waiting for its verb: "How many agents", "Which ERP system", "What kind of data".
_WH_AWAITING = re.compile(
    r"^\W*(?:how (?:many|much|often|long)|which|what (?:kind|sort|type)s? of)(?: [\w'-]+){0,3}$", re.IGNORECASE
)
_EMBEDS = frozenset(
    "know tell me see understand ask wonder sure unsure clear idea about on decide explain show out".split()
)


def _run_on(piece: str) -> list[str]:
    """`piece` of a dictated sentence cut where the run-on starts a new question."""
    if len(piece.split()) < 10:
        return [piece]
    parts, start = [], 0
    for found in _RUN_ON_START.finditer(piece):
        before = piece[start : found.start()].split()
        if _WH_AWAITING.match(" ".join(before)) and not re.match(r"wh|how", piece[found.end() :], re.IGNORECASE):
            continue  # "How many agents do you have in the contact centre" is one question: its verb comes after
        if len(before) >= 3 and before[-1].lower() not in _EMBEDS:
            parts.append(piece[start : found.start()])
            start = found.start() + 1
    return parts + [piece[start:]]


def _parts(sentence: str) -> list[str]:
    """A question sentence cut where a new question starts ("What would it cost, and who decides?"), though not after
    a leading clause ("When a project was turned down, what was it missing?"); any other sentence whole."""
    if "?" not in sentence and re.search(r"[.!)\]]$", sentence.rstrip()):
        return [sentence]
    head, colon, items = sentence.partition(": ")
    if colon and _ASKING_HEAD.match(head) and "?" not in head:  # "And how does it run from here: the date, when papers
        return [sentence]  # are due, and whose support it needs?" asks one thing, its items listed after the colon
    parts: list[str] = []
    joined = False  # the leading clause takes its question, not the next one: "If..., what would you need, and who...?"
    # ...wherever it stands: "On the member side, when call volume peaks, what happens with hold times?"
    dictated = not re.search(r"[,;:?.!]", sentence.rstrip(" ?.!"))
    pieces = [p for piece in _NEXT_QUESTION.split(sentence) for p in (_run_on(piece) if dictated else [piece])]
    for part in (p.strip(" ,;") for p in pieces):
        leads = _CLAUSE.match(parts[-1]) or _MAY_I_ASK.match(parts[-1]) if parts else None
        lone = not any(_ASKS.search(p) for p in parts[:-1])  # (not "Why is it locked, when it opens, and ...")
        if part and not joined and leads and lone and not _ASKS_ALREADY.search(parts[-1]):
            parts[-1], joined = f"{parts[-1]}, {part}", True
        # "how does it get from ur rec to signed, who, when?", "What's stopping them now, would you say?" ask one thing
        elif parts and (len(part.split()) == 1 or _ASKS_VIEW.match(part)):
            parts[-1] = f"{parts[-1]}, {part}"
        elif part:
            parts.append(part)
    return parts


# A question's tail that asks for the buyer's view of it, no question of its own.
_ASKS_VIEW = re.compile(
    r"^\W*(?:would (?:you|u) say|(?:do|d'|would) ?(?:you|u|ya) (?:think|reckon)|in your (?:view|opinion))\W*$",
    re.IGNORECASE,
)


# Why the rep is calling, in one line that names who they work with and on what, no product and no claim: "I work
# with stamping and machining plants on unplanned press downtime.", "i talk to stamping shops about unplanned press
# downtime."
REASON_FOR_CALL = re.compile(
    r"^(?:[\w' ]{1,30}[,;:] |so |basically )?(?:i|we) (?:work with|talk to|talk with|speak to|speak with)"
    r" (?:[\w'-]+ ){1,6}(?:on|about) (?:[\w'-]+ ?){1,6}[.!]?$"
    # ...or what the rep works on, in a few words: "saw halvorsen does stamping + machining, we work on predicting press
    # failures."
    r"|^(?:[\w' ]{1,50}[,;:] |so |basically )?(?:i|we) work on (?:[\w'-]+ ?){1,5}[.!]?$"
)


def reason_for_call(sentence: str) -> bool:
    """Is `sentence` only the reason for the call (it pitches nothing), and not a product or a benefit claimed?"""
    lowered = language.plain(sentence).strip()
    return bool(
        REASON_FOR_CALL.search(lowered)
        and not moves_rules.PITCH.search(lowered)
        and not moves_rules.BENEFIT_CLAIM.search(lowered)
    )


def asks_to_meet(text: str) -> bool:
    """Does the message ask for a meeting: a day or time, a proposal to meet ("could we set up a call") or to talk
    again later (`next_step_said`)? A day in small talk proposes nothing: "Did you catch the game on Sunday?", unless
    a time or a length comes with it; nor does a day in a play-back of the buyer's week ("Let me play it back. Each GM
    builds the schedule on Sunday night... Have I got it?")."""
    sentences = sentences_of(text)
    playing_back = any(PLAYBACK_CUE.search(s) or checks_playback(s) for s in sentences)

    def told(s: str) -> bool:  # a statement of the buyer's world, nothing of the rep's in it, no meeting named
        return playing_back and not s.rstrip().endswith("?") and not _OWN.search(s) and not _MEETING_NOUN.search(s)

    return any(
        MEETING.search(s)
        or (DATED.search(_undated(s)) and (_CLOCK.search(s) or not content_words(s) & SMALL_TALK and not told(s)))
        or _LATER.search(s.lower())
        for s in sentences
    )


# What a meeting is called: "working session thu 10th w marks team" proposes one, play-back or not.
MEETING_NOUNS = r"session|meeting|call|workshop|demo|deep[- ]dive|slot|catch-?up|walk-?through|sit-?down"
_MEETING_NOUN = re.compile(rf"\b(?:{MEETING_NOUNS})\b", re.IGNORECASE)


# A price met halfway: "could we meet in the middle at 10?" offers 10%, at no time of day.
_HALFWAY = re.compile(r"\b(?:meet|split it|go|come) (?:you |u )?(?:in the middle|halfway)(?: at \d+)?\b")


def _undated(sentence: str) -> str:
    """`sentence`, lowered, without what names a day or a time but books nothing (`_SENT_BY`, `_HALFWAY`)."""
    return _HALFWAY.sub(" ", _SENT_BY.sub(" ", sentence.lower()))


# A meeting's length: "90 min", "2 hrs".
_LENGTH = r"\b\d+ ?(?:min|mins|minutes|hrs?|hours?)\b"
# A time of day or a meeting's length: no small talk sets one ("90 min next tue 10am, ..., pilot baked in").
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)? ?(?:am|pm)\b|" + _LENGTH + r"|\b\d+ ?h\b", re.IGNORECASE)


def next_step_said(text: str) -> str:
    """The sentence that proposes to talk again some time later, with no day ("I'll resend the proposal and check back
    in a couple of weeks.", "cool, let's find some time in the next couple weeks to scope that out"), or one that
    suggests a meeting ("So I'd suggest a 90-minute technical deep dive on Wednesday the 16th at 2pm"), or "": a next
    step, whatever the move reader made of it."""
    return next(
        (
            s
            for s in sentences_of(text)
            if _LATER.search(s.lower())
            or _LETS_BOOK.search(s)
            or _WILL_COME_BACK.search(s)
            or _IN_TOUCH.search(s)
            or _TIME_TO_FIND.search(s)
            or _FROM_THERE.search(s)
            or _PROPOSES.search(s)
            and (asks_to_meet(s) or is_dated(s) or _DESCRIBES_MEETING.search(s))
        ),
        "",
    )


# A meeting put as the thing to do next, day or not: "Let's get a demo scheduled before then.", "let's set up a call".
_LETS_BOOK = re.compile(
    r"^\W*(?:\w+\W+){0,2}?let'?s (?:get|set up|book|schedule|lock in|grab|pencil in|put)\b[^.?!]{0,30}?"
    r"\b(?:demo|call|meeting|session|workshop|walk-?through|deep[- ]dive|time in the diary)s?\b",
    re.IGNORECASE,
)


# ...or a meeting to be found, no day set: "Great, I'll send a few dates over email.", "lmk when diane has some time
# and i'll jump on a call w her", "lmk what u think and we can get something on the calendar"
_TIME_TO_FIND = re.compile(
    r"\b(?:send|email|share|suggest|propose)(?: you| u| over)? (?:a few|some|a couple of|two|three|the) (?:\w+ )?"
    r"(?:times|dates|slots|options)\b|\b(?:email|message|ping) (?:you|u) to (?:find|set up|book)\b"
    r"|\b(?:get|put) something (?:on|in) the (?:calendar|diary)\b|\bjump on a call\b|\bintroduce me to\b"
    r"|\bintro me to\b|\b(?:let me know|lmk) when\b[^.?!]{0,40}\b(?:free|time|available|suits|works|meet)\b"
    r"|\bnext steps? (?:is|are|would be|could be|will be)\b"
    # ...or the buyer's diary asked for: "Kindly share your availability", "send you an invite for sometime"
    r"|\b(?:share|send) (?:your|ur) availability\b|\blet me know (?:a|your) (?:convenient|good|suitable) time\b"
    r"|\bsend (?:you |u )?(?:an|a calendar) invite\b",
    re.IGNORECASE,
)
# ...or left to what follows something sent: "ok i'll send smth the CFO can look at, then we reconnect", "I'll send a
# revised quote by Friday and we can go from there."
_FROM_THERE = re.compile(
    r"\b(?:then|and) (?:we|i)(?:'ll| will| can| could)? (?:reconnect|regroup|take it from there|go from there|follow up"
    r"|see when)\b",
    re.IGNORECASE,
)
# ...or kept open for no time at all: "I will send you a summary of the demo and keep in touch."
_IN_TOUCH = re.compile(r"\b(?:keep|stay|be|get) in touch\b", re.IGNORECASE)
# ...or promised for no time at all: "Let me take this back to my VP and get back to you with a revised proposal."
_WILL_COME_BACK = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:let me|i'll|i will|we'll|we will)\b[^.?!]{0,50}\b(?:get back to (?:you|u)|come back to"
    r" (?:you|u)|circle back)\b",  # "let me circle back w/ my team on pricing and get you something"
    re.IGNORECASE,
)


# Ways to say "I'll come back to you": in a next step said with a rough time (`_LATER`), and in one that books nothing
# however near its week (`_COMES_BACK`).
_BACK_TO_YOU = r"circle back|follow up|touch base|get back to (?:you|u)|ping (?:you|u)"
# Talking again, and when, roughly: "check back in a couple of weeks", "get back to u later this week", "can u get me
# in front of rachel sometime next wk?".
_LATER = re.compile(
    r"\b(?:check(?:ed|ing)? back|check(?:ing)? in|"
    + _BACK_TO_YOU
    + r"|call (?:you |u )?(?:back|again)|give (?:you|u) a (?:wee |quick )?(?:call|ring|shout|nudge|buzz)(?: back)?"
    r"|(?:pop|drop|stop|swing|come) (?:by|in)|reconnect|catch up|talk again|speak again|regroup|revert"
    r"|come back to (?:you|u)|(?:we|i|let'?s) (?:can |could )?(?:talk|speak|chat|connect|revisit|pick (?:this|it) up)"
    r"|(?:^|(?<=, ))(?:talk|speak|chat)"  # "talk in couple weeks?", "i'll send it over, chat after you've seen it?"
    r"|find (?:some |a )?time|get (?:some )?time|set (?:something|a time|a call|it|that) up"
    r"|set up (?:a |some )?(?:time|call|demo|meeting|session|chat|trial|poc|proof of concept)"
    r"|(?:get|put) (?:me|us) in front of|get \w+ on a call)"
    r"\b[^.?!]{0,60}?\b(?:in (?:a |the next )?(?:couple|few)(?: of)? (?:weeks|wks|days|months)"
    r"|in (?:two|three|four|2|3|4) (?:weeks|wks|days|months)|in a (?:week|month)(?: or (?:so|two))?"
    r"|next (?:week|wk|month|quarter)|later (?:this|in the) (?:week|month|year)|this week|sometime|some time"
    r"|at some point|whenever|when(?:ever)? (?:it )?suits|when the timing|after the (?:summer|holidays)"
    r"|in the (?:fall|autumn|new year)|next year|after(?:wards)?(?=\W*$)|soon|closer to (?:the )?\w+"
    # a month, a quarter or a season, roughly: "ping u in jan", "around Q3", "after xmas", "nearer the renewal"
    rf"|(?:in|early|mid|late|end of|start of) (?:{MONTHS})|(?:in|around|by|for) q[1-4]|in the (?:spring|summer|winter)"
    r"|after (?:xmas|christmas|new year|the new year)|(?:nearer|near|before|b4|ahead of) (?:the |ur |your )?renewal"
    r"|in (?:spring|summer|autumn|winter)|after the (?:\d+(?:st|nd|rd|th)?|review|committee|meeting)|soonish"
    r"|(?:once|after) (?:you|u|she|he|they)(?:'ve| have)? (?:had|read|looked|seen|checked)|then(?=\s*(?:,|$)))\b"
)


# A day by which the rep sends something proposes no meeting: "I'll send a revised quote by Friday and we can go from
# there." (an invite sent for a day does: "I'll send an invite for Friday at 2"; so does the day after it: "i'll draft
# the one-pager by mon for u to check, and we do 45 min next thu at 10am").
_SENT_BY = re.compile(
    r"\b(?:i'?ll|i will|we'?ll|we will|i can|we can|let me|i'?m going to)\s+(?:\w+\s+)?"
    r"(?:send|email|get|share|circulate|put together|draft|write up|turn around)\b"
    r"(?![^.?!]*\b(?:invite|calendar)\b)[^.?!,]{0,60}?\b(?:by|before|until) "
    r"(?:the )?(?:end of |close of )?(?:next )?\w+",
    re.IGNORECASE,
)


# What follows "doing" when it asks about the business, not after the buyer: "How are you doing maintenance today?"
_OBJECT = r" (?!today|this|these|so|ok|okay|alright|well|lately|now|over|out|there|at|in|on)\w"
# A greeting put as a question: it asks after the buyer, not about their business ("How's the week been?").
PLEASANTRY = re.compile(
    r"^\W*(?:[^?,.!]{0,40}[,!.]\s*)?(?:and |so )?"  # "Hi Dana, ...", "Before we get into it, ..."
    # not "how are you handling it?", nor "How are you doing maintenance today?"
    r"(?:how(?:'s| is| are| was| has| have)? (?:(?:your|the|you) )?"
    r"(?:day|week|morning|afternoon|evening|you(?! (?!doing|keeping|holding|getting)\w+ing\b)(?! doing" + _OBJECT + ")"
    r"|things|it going|everything|life|been|doing(?!" + _OBJECT + r")|keeping)\b[^?]{0,20}"
    r"|(?:did i |have i )?caught you (?:at a bad time|between \w+|in the middle of \w+)"
    r"|(?:is )?(?:now|this) (?:a )?(?:good|bad|ok|okay) time"
    # time asked for the call itself: "Do you have 2 minutes?", "got a sec?"
    r"|(?:(?:do|have|did) (?:you|u|ya) (?:got |have )?|(?:you |u )?got )(?:a|one|two|2|a few|a couple(?: of)?|five|5)"
    r" (?:quick )?(?:minutes?|mins?|secs?|seconds?|moments?)(?: (?:to (?:talk|chat|spare)|for me|now|right now|today))?"
    r"|(?:a )?(?:busy|crazy|hectic|mad|long) (?:one|day|week|morning|afternoon|time|season)?(?:,? huh)?"
    r"|keeping well|all good"
    # the season asked after and nothing more: "How's the season been on the coast?", "Has the season picked up?"
    r"|(?:how(?:'s| is| has| was) the season(?: been| going)?|has the season (?:picked up|been (?:good|kind|busy)))"
    r"(?: (?:on|at|in|up|down|out) [^?,]{0,20})?"
    # after the people, nothing more: "how's the team holding up?" (not "...holding up with the backlog?")
    r"|how(?:'s| is| are)? (?:the |your |ur )?(?:team|crews?|staff|folks|everyone|everybody|people|you all|y'all)"
    r" (?:holding up|hanging in(?: there)?|bearing up)"
    r"|back[- ]to[- ]back(?: (?:meetings|calls|today|all day))?|one of those (?:days|weeks|mornings)\b[^?]*"
    r"|how many (?:meetings|calls) (?:have you got|do you have|are you in|you got)(?: on)?(?: today| this week)?"
    r"|(?:how (?:are you finding|do you like|is|'s) )?(?:the |your )?new"
    r" (?:office|building|role|job|city|place|house|desk)"
    r"|(?:good|nice|long|busy) (?:weekend|week|day|break|holiday|holidays)"
    r"|(?:are you|r u|where are you|where r u) (?:mostly |usually )?based\b[^?]*"  # "Are you based at HQ?"
    r"|(?:are you|r u) (?:in|at|working from|working at) (?:the |head )?(?:office|hq|headquarters|home)\b[^?]*"
    r"|(?:are you|r u) (?:at|in) the \w+ (?:plant|site|depot)(?: today| this week)?\b[^?]*"
    r"|(?:do you|d'you|you) (?:mostly |usually )?work (?:out of|from|at|in) (?:(?:the|a|head|main) )*(?:office|hq|home)"
    r"\b[^?]*|(?:are you|r u) (?:mostly |fully )?(?:remote|hybrid)\b[^?]*"  # "do you work out of the office...?"
    # the buyer's career: "how long you been in HSE?", "What did you do before that, field or office?"
    r"|how long (?:have |'ve )?(?:you|u) been (?:in|at|with|doing)\b[^?]{0,25}"
    r"|how long (?:has|have) (?:the |your )?[\w ]{0,30}? been (?:in|at) (?:this|that|the)"
    r" (?:building|campus|location)\b"
    r"|what did (?:you|u) do before (?:that|this)\b[^?]*|where (?:were|did) (?:you|u)(?: work)? before\b[^?]*"
    r"|(?:do you |d'you |you )?(?:still )?(?:get|go|come) (?:in(?:to)?|to) (?:the |head )?(?:office|hq)\b[^?]*"
    # the buyer's travel: "is it a long drive? you do it often?", "Do you get to spend much time at the other four
    # sites, or are you mostly based here?"
    r"|(?:is it|it's|that's) (?:a )?(?:long|short|big) (?:drive|commute|trip|flight)\b[^?]*"
    r"|(?:do|did) (?:you|u) (?:do|make) (?:it|that|the (?:drive|trip))(?: very| pretty)? often\b[^?]*"
    r"|(?:do|did) (?:you|u) get to (?:spend (?:much |a lot of )?time at|visit|see)\b[^?,]{0,30}\b(?:sites?|plants?"
    r"|hospitals?|hotels?|stores?|branches?|offices?|depots?|campus(?:es)?|communities)\b[^?]*"
    # the season remarked on: "Busy season for water I suppose, with the summer?"
    r"|(?:a )?busy (?:season|time|summer|winter|month)(?: for [^?,]{0,20})?(?:,? i (?:suppose|guess|bet|imagine))?"
    r"(?:,? with [^?]{0,25})?)\W*$",
    re.IGNORECASE,
)


def pleasantry(question: str) -> bool:
    """Is `question` a greeting ("How's your week going?", "Caught you between meetings?") rather than a question?"""
    return bool(PLEASANTRY.search(question.strip()) or _PLACE_IN_SEASON.search(question))


# A place asked after in its season, by name: "so how's Ohio this time of year?" (not "how's demand this time of year?")
_PLACE_IN_SEASON = re.compile(
    r"\b[Hh]ow(?:'s| is) (?:[A-Z][a-z]+ ?){1,2}"
    r"(?:this time of (?:the )?year|in the (?:winter|summer|spring|fall|autumn))"
)


# Where to send the invite: "What's the best email for them?", "who should I send the invite to?" (not "who else
# should be in the room?").
_LOGISTICS = re.compile(
    r"\b(?:(?:best |right )?(?:email|e-mail|mobile|phone number|number|address|calendar link)s? (?:for|to reach|to use"
    r"|to send)\b|(?:send|forward|address) (?:the |an )?(?:invite|invitation|calendar invite|agenda)s? to\b"
    r"|(?:what'?s|what is) (?:his|her|their|your|ur|the best|the right|\w+'s) (?:\w+'s )?(?:email|e-mail|mobile|cell"
    r"|phone number|direct (?:line|number))\b"  # not "who's the competitor, what's their number?", their price
    r"|best way to (?:reach|contact|get hold of)\b"
    r"|\bwho (?:do|should|can|shall) (?:i|we) (?:send|address) (?:the |a |this |our )?"
    r"(?:contract|proposal|paperwork|quote|invoice|order form)s? to\b"
    # ...or when to meet, once a meeting is put: "maybe we do a demo for her? when would be a good time?"
    r"|^\W*(?:and |so )?(?:when (?:would|will|is|'s) (?:be )?(?:a )?(?:good|best|convenient) time|when (?:works|suits)"
    r"|what (?:time|day)s? (?:would )?(?:work|suit)s?|when are (?:you|u|they) (?:free|available)))",
    re.IGNORECASE,
)


# Thanks for what the buyer told, an acknowledgement the move reader may miss: "Thanks for telling me, that really
# helps.", "Appreciate you being straight with me." (not "Thanks for replying", a courtesy)
_THANKED = re.compile(
    r"^\W*(?:(?:hi|hey|hello)\b[^.?!,]{0,20},\s*)?(?:ok(?:ay)?,? |right,? )?"
    r"(?:thanks|thank (?:you|u|ya)|thx|tnx|thnx|thanx|ty|(?:i )?appreciate(?: it| that| you)?)\b[^.?!]{0,30}?"
    r"\b(?:telling|sharing|saying|explaining|being (?:so )?(?:honest|candid|straight|open|upfront|frank|direct|clear)"
    r"|the honesty|the candou?r|letting me know|laying (?:it|that) out|walking me through)\b[^.?!]*[.!]",
    re.IGNORECASE,
)


def thanked(text: str) -> str:
    """The sentence opening `text` that thanks the buyer for what they told ("Thanks for telling me, that really
    helps."), or ""."""
    found = _THANKED.match(text)
    return found.group(0).strip() if found else ""


# The rep saying who they are: "My name's Jordan, and I'm with a company that...", "I'm calling from Acme."
_INTRODUCES = re.compile(
    r"\b(?:my name(?:'s| is)|(?:i'?m|i am) (?:calling|ringing|reaching out) (?:from|on behalf of)"
    r"|this is \w+ (?:from|at|with))\b",
    re.IGNORECASE,
)


# What the rep means by the question just asked: "What does that cost across the hotels? I am thinking agency hours,
# overtime, rooms not ready at check-in."
_MEANT = re.compile(
    r"^\W*(?:(?:i'?m|i am) (?:thinking|asking)(?: (?:of|about))?|i mean|e\.?g\.?|for example|for instance"
    r"|things like|stuff like)\b",
    re.IGNORECASE,
)


def spells_out_question(sentence: str, text: str) -> bool:
    """Is `sentence` what the rep means by the question just before it in `text`? It sells nothing."""
    sentences = sentences_of(text)
    at = sentences.index(sentence) if sentence in sentences else 0
    return at > 0 and sentences[at - 1].rstrip().endswith("?") and _MEANT.search(sentence) is not None


# The buyer's name, or a word like it, said first: "Olivia, I understand, but...", "Okay, I hear you, but..."
_VOCATIVE = re.compile(r"(?:^|(?<=[.!?] ))[A-Z][a-z]+, (?=[A-Za-z])")


def without_vocatives(text: str) -> str:
    """`text` without the name (or the "Okay,") opening any of its sentences."""
    return _VOCATIVE.sub("", text)


def not_acknowledging(quoted: str, evidence: dict[str, str]) -> bool:
    """Is the sentence the move reader quoted for an acknowledgement the rep introducing themselves, their pitch, or a
    question that tells the buyer what to think ("Makes everyone's day easier, doesn't it?")?"""
    return bool(_INTRODUCES.search(quoted)) or quoted == evidence.get("pitch") or leading(quoted)


def understood(text: str) -> str:
    """The sentence of the first two that plainly acknowledges where the buyer is ("I completely understand, and thank
    you for being honest.", "Understood, no budget this year.", "Thank you, Marisol, understood.", "Hi Nadia, no
    problem, I understand you are busy.", "ah the CFO freeze. thanks for telling me, should've asked sooner.") or
    apologises, with no "but" after it and nothing sold in it, or "": the move reader misses many of these."""
    return next(
        (
            s
            for s in sentences_of(text)[:2]
            if (_UNDERSTOOD.match(s) or _THANKED.match(s) or _APOLOGY.search(s))
            and not _UNLESS.search(s)
            and not moves_rules.PITCH.search(language.plain(s))
        ),
        "",
    )


_UNDERSTOOD = re.compile(
    r"^\W*(?:(?:hi|hey|hello|good (?:morning|afternoon|evening)|thanks|thank you|thx|ty)\b[^.?!,]{0,20},\s*"
    r"(?:\w+,\s*)?)?"
    r"(?:(?:thanks|thank you|thx) for [^.?!,]{1,25},\s*(?:and )?)?"  # "hey nadia, thanks for replying, no stress..."
    r"(?:ok(?:ay)?,? |right,? |sure,? )?"
    r"(?:(?:i )?(?:completely |totally |fully |really )?understand|understood"
    r"|no (?:problem|worries|bother|stress (?=about|on|at all|re\b))"
    r"|nae bother|(?:i'?d |i would )?(?:much )?rather hear (?:it|that)(?: straight| now| early)?"
    r"|i know how it is"
    r"|i know (?:things|it)(?:'s| has| have) been (?:busy|hectic)|i know (?:you're|you are) (?:very |really )?busy"
    r"|fair enough|that(?:'s| is) (?:completely |totally )?(?:fair|understandable)|makes (?:total )?sense)\b",
    re.IGNORECASE,
)
# ...or owns what went wrong: "I have seen the numbers, and first I want to apologise on behalf of the whole team."
_APOLOGY = re.compile(
    r"\b(?:i|we) (?:want to |would like to |'d like to |must |need to |do )?apologi[sz]e\b"
    r"|\b(?:i'?m|we'?re|i am|we are) (?:so |really |very |truly )?sorry\b"
    # ...or owns the failure: "i should've helped you build that number." (not "we should have a call"), "we let u down,
    # no excuses.", "5 wks on the sync n no call is not on."
    r"|\b(?:i|we) should(?:'ve| have) (?:\w+ed|been|done|come|gone|taken|put|brought|built|sent|gotten)\b"
    r"|\b(?:i|we) let (?:you|u|your \w+) down\b|\bno excuses?\b|\b(?:that's|thats|that is|it's|it was) on (?:us|me)\b"
    r"|\bdropped the ball\b|\b(?:our|my) (?:fault|bad|mistake)\b|\b(?:is|was) not on\b|\b(?:isn'?t|wasn'?t) on\b"
    r"|\bnot good enough\b|\bunacceptable\b",
    re.IGNORECASE,
)


def owns_up(sentence: str) -> bool:
    """Does `sentence` apologise or own a failure ("sorry, 5 wks on the sync n no call is not on."), selling nothing?
    The move reader takes some of these, with their figures, for a pitch."""
    lowered = language.plain(sentence)
    return _APOLOGY.search(sentence) is not None and not moves_rules.PITCH.search(lowered)


_UNLESS = re.compile(r"\b(?:but|however|though|although)\b", re.IGNORECASE)


# A question about what the buyer is held to: "Which numbers are they holding you to this year?", "what r u measured
# on?" (the move reader hears some as criteria questions: what a purchase must show).
_HELD_TO = re.compile(
    r"\b(?:hold(?:s|ing)?|held) (?:you|u|her|him|them) to\b|\b(?:measur|judg|track|assess)(?:e|es|ed|ing)? (?:you|u)"
    r" (?:on|against|by)\b|\b(?:you're|you are|ur|u r|are you|r u) (?:being )?(?:measured|judged|held|tracked|assessed)"
    r" (?:on|to|against|by)\b",
    re.IGNORECASE,
)
# ...and a fact that tells it: "the metrics the board holds Catherine to", "the target Greg is measured on"
_HELD_TO_LABEL = re.compile(r"\b(?:metrics?|targets?|measured|holds)\b", re.IGNORECASE)


def asks_held_to(question: str, label: str) -> bool:
    """Does `question` ask what the buyer is held to, and the fact labelled `label` tell it?"""
    return _HELD_TO.search(question) is not None and _HELD_TO_LABEL.search(label) is not None


def logistics(question: str) -> bool:
    """Does `question` only ask where to send something ("What's the best email for them?")? It asks nothing about the
    buyer's business."""
    return bool(_LOGISTICS.search(question))


# What a question may open with before it asks: "So, ...", "And ...", "Honestly, ...".
_LEAD_IN = r"^\W*(?:(?:so|and|but|then|ok(?:ay)?|honestly|now|surely),? )?"
# A question that asks the buyer to agree with what the rep just claimed ("...see length of stay come down by half a
# day. Would that make a difference to the committee?", "Isn't that exactly what your board is after?", "Would it help
# to see how other networks framed it?"): a trial close, not a question about the buyer's situation. Not
# `moves_rules.TRIAL_CLOSE`, with which the move reader drops a criteria question: that one takes "Would that work?"
# too, which after a statement here checks an agenda ("I'd rather spend today on your numbers. Does that work for
# you?"), and changing it would move the reader's figures.
_TRIAL_CLOSE = re.compile(
    _LEAD_IN + r"(?:would|wouldn't|could|does|doesn't|do you think|will|won't|isn't|is|can't|can)"
    r" (?:that|this|it|something like (?:that|this)|a (?:result|number|saving|gain) like (?:that|this)"
    r"|(?:that|this) kind of \w+"
    r"|(?:\S+ ){1,3}(?:fewer|less|more|faster|quicker|lower|higher|shorter)(?: \S+){1,2}?(?= make| help| matter))"
    r"(?: (?:really|also|not|actually|just|alone))?(?: have)?"
    r" (?:help(?:ed)?(?! if (?:i|we)\b)|ma(?:k|d)e (?:a|any|the) (?:\w+ )?difference|matter(?:ed)?|interest you|appeal"
    r"|resonate|change(?:d)? (?:your|the|things)"
    r"|(?:be )?(?:a|an) \w+ (?:you|your \w+) (?:has|have|'ve) (?:factored|considered|thought|accounted|budgeted)"
    r"|interest (?:your|the) \w+|(?:be )?worth (?:more|\w+ing)\b"  # "Would that interest your board?", "Is that worth
    # more than a free module?"
    r"|be (?:useful|helpful|valuable|of (?:interest|value|use)|worth (?:it|a look)|a game[- ]changer|a big deal|huge"
    r"|music to)|(?:be )?(?:exactly |just )?what (?:your|you|the|they|he|she)\b"
    r"|sound (?:good|useful|interesting|helpful|appealing|like something)|land well"
    r"|(?:be )?something (?:you|your \w+|they|he|she)(?:'d| would| might)? (?:want|need|like|be interested in|value)"
    r"|(?:respond|react) (?:well )?to (?:that|this|it)\b"
    r"|move the needle|solve|fix|take care of|get you)",
    re.IGNORECASE,
)


# A leading question, which tells the buyer what to think: "Don't you think your technicians would prefer to plan the
# work?", "Wouldn't you agree that...?", "Surely you'd want...?"; or pushes past them: "can't you just approve it?". It
# asks nothing about the buyer's situation.
_LEADING = re.compile(
    _LEAD_IN + r"(?:don't you (?:think|agree|feel|want)|wouldn't you (?:agree|say"
    r"|like|want|prefer|rather)|isn't it (?:true|fair to say|time)|surely (?:you|your|that|this|it)|you'd agree)\b"
    r"|\b(?:can't|couldn't|cant|why (?:can't|don't|won't|not)) (?:you|u|we) just\b"
    r"|^\W*(?:\w+\W+){0,2}?do (?:you|u) really (?:want|think|need|believe)\b"  # "Do you really want to go into..."
    r"|\bcan (?:you|u) (?:really )?afford not to\b"  # "Honestly, can you afford not to do this?"
    # a claim about what the buyer's people would like, tagged: "It's sure that your new CFO would like this, no?"
    r"|\b(?:would|will|'d) (?:like|love|appreciate|want|welcome) (?:this|that|it)\b[^?]*,\s*(?:no|right|yeah|eh)\s*\?$"
    # ...or a gain claimed, tagged: "Makes everyone's day easier, doesn't it?"
    r"|\b(?:easier|better|faster|simpler|quicker|happier|smoother|cheaper)\b[^?]*,\s*(?:doesn't|don't|wouldn't|won't"
    r"|isn't|aren't) (?:it|that|this|they)\s*\?$",
    re.IGNORECASE,
)


# ...or one put in the negative after a claim: "...an inspection takes four minutes on a phone. Isn't speed usually what
# wins them over?" (on its own, "Isn't the renewal in June?" checks a fact).
_NEGATIVE = re.compile(
    _LEAD_IN + r"(?:isn't|aren't|wasn't|doesn't|don't|wouldn't|won't|can't"
    r"|shouldn't)\b",
    re.IGNORECASE,
)


# ...or one that asks the buyer to imagine the gain just claimed: "...get back a third of their engineering time. What
# would your team do with that time?", "...free 10% capacity. What would 10% more capacity mean for you?"
_IMAGINED = re.compile(
    _LEAD_IN + r"what would (?:you|your \w+|they|he|she|that|this|it|(?:\S+ ){1,4}(?:more|less|fewer|back)"
    r"|(?:\S+ ){1,3}(?=mean))\b[^?]{0,30}?"  # "What would half a day mean for your elective lists?"
    r"\b(?:do with (?:that|those|the|all)|mean (?:for|to) \w+"  # "What would that mean for Greystone?"
    r"|be worth (?:to|for) (?:you|your|them))\b"
    # ...or to count it: "...got abandonment under 5%. How many loans would that keep in-house?", "...in 40 minutes
    # instead of six days. What would that have saved you in March?", "How many loans you would keep?"
    r"|^\W*(?:\w+\W+){0,2}?(?:what|how much|how many)\b[^?]{0,40}?\b(?:would (?:that|this|it|you)|(?:that|this|it|you)"
    r" would)"
    r"(?: have)? (?:keep|kept|save|saved|free|freed|be worth|do for|do to|change|add up to|bring in|get you)\b"
    r"|^\W*(?:\w+\W+){0,2}?what(?:'s| is) (?:that|this) worth\b",  # "Picture August. What's that worth?"
    re.IGNORECASE,
)


def imagined(question: str) -> bool:
    """Does `question` ask what a gain would mean or be worth ("What would that mean for your cash?")? After the rep's
    claim it asks the buyer to imagine the gain; after a play-back of what the buyer said, it asks what it costs."""
    return _IMAGINED.search(question) is not None


# What waiting or failing costs, which a "what if" asks about rather than sells: "What if nothing changes by March?"
_WAITING = r"nothing|fails?|failed|slips?|slipped|miss(?:es|ed)?|worse"
# ...or sells a picture: "Wouldn't it be great if urgent repairs jumped the queue?", "What if your techs could...?"
_SELLS = re.compile(
    r"\b(?:can|could) (?:you|u) (?:just |even )?(?:imagine|picture)\b"  # "Can you imagine the board meeting then?"
    r"|\b(?:wouldn't|would not|won't) it be (?:so |just )?(?:great|nice|good|amazing|awesome|better|easier|cool|ideal"
    r"|fantastic|wonderful|a relief|useful|helpful|valuable|powerful) (?:if|to)\b"
    r"|\bhow (?:great|nice|amazing|awesome|much (?:better|easier)) would it be\b"
    # "Wouldn't it be a shame for the claims team to keep keying documents by hand over a pricing gap?"
    r"|\b(?:wouldn't|would not|isn't|is not) it (?:be )?(?:a )?(?:shame|pity|waste)\b"
    r"|^\W*(?:\w+\W+){0,2}?what if (?!i\b|we\b|u and me\b)(?:\w+\W+){0,3}?could\b"  # "What if members could...?"
    # ...or asks whether the buyer would like the picture: "Would you say it'd help if your GMs didn't have to build
    # schedules at weekends?", "Would you say members would appreciate a callback instead of waiting on hold?"
    r"|^\W*(?:\w+\W+){0,2}?would (?:you|u) say\b[^?]*\b(?:if (?!i\b|we\b|i'd\b|we'd\b)|appreciate|welcome|prefer"
    r"|be interested|be happier|benefit)"
    # ...or offers to tell more of it: "If I could show you how companies like yours brought DSO down by ten days,
    # would that be the kind of thing you'd want to hear more about?"
    r"|\b(?:want|like|be keen|be interested) to (?:hear|learn|know|see) more\b"
    # ...or asks what the buyer would do if shown it: "Suppose I could show you how to take a good chunk off your DSO,
    # you would want to see that, right?", "If I could show you that on a setup like yours, would you bring in whoever
    # signs off?" (not "If I could show you a payback in a year, would that be enough?", what the buyer needs)
    r"|\b(?:if|suppose|say|what if) (?:i|we) (?:could|can) (?:show|prove|demonstrate)\b[^?]*\b(?:(?:want|like|love"
    r"|be interested|be keen|be open) to (?:see|hear|look|learn)|(?:would|will) (?:you|u) (?:recommend|take|bring"
    r"|sign|go|move|agree|commit|buy|switch|consider|be interested|give))\b"
    # ...or puts it in the negative: "Jonas, wouldn't Diane want to cut recordable incidents by a third?", "Wouldn't
    # your agents be happier seeing a member's whole relationship on one screen?", "Wouldn't your renewal rate go back
    # up if urgent repairs stopped waiting?"
    r"|\b(?:wouldn't|won't) (?!(?:you|u|i|we)\b)\w+ (?:want|like|love|prefer) to\b"
    r"|" + _LEAD_IN + r"(?:wouldn't|won't) (?:your|the|their|his|her|it|that) (?:\w+\W+){0,4}?(?:be (?:\w+ )?(?:happier"
    r"|better|easier|faster|quicker)|(?:go (?:back )?(?:up|down)|help)\b[^?]*\bif (?!i\b|we\b))"
    # ...or pictures it before asking for agreement: "And if ambulance diversions stopped this winter, would that change
    # how the board sees things?" (not "If this slips past March, would that be a problem?", what waiting costs, nor
    # "If we showed payback in a year, would that be enough?", what the buyer needs)
    r"|" + _LEAD_IN + r"if (?!i\b|we\b|i'd\b|we'd\b|so\b|not\b)(?![^?]*\b(?:" + _WAITING + r"|didn't|don't|doesn't|not"
    r"|never|wasn't|weren't|isn't)\b)[^?,]{8,}?,\s*(?:would|wouldn't|won't|will|could) (?:that|it|this)"
    r" (?:not )?(?:make (?:a |any |the )?(?:\w+ )?difference|make (?:life|things|it|work) (?:\w+ )?easier"
    r"|take away|help|matter|count|change how|interest|appeal"
    r"|be (?:something|worth|useful|helpful|valuable|a (?:game|big|huge)))"
    # ...or pictures the buyer's world without the problem: "what if every invoice went out the same day as the
    # delivery?", "what if you knew a feed broke within the hour?" (not "What if we took 20% off?", an offer, nor "What
    # if nothing changes before March?", which asks what waiting costs)
    r"|^\W*(?:\w+\W+){0,3}?what if (?!i\b|we\b|i'd\b|we'd\b|i'm\b|we're\b|u and me\b)"
    r"(?![^?]*\b(?:" + _WAITING + r"|(?:doesn't|don't|didn't) (?:happen|act)|can't|won't)\b)"
    r"(?:\w+\W+){0,4}?(?:never|always|knew|every|no longer|went|was|were|closed|had|got|saw)\b"
    # ...or asks what the gain would mean: "what would it mean for claims if documents routed themselves?"
    r"|^\W*(?:\w+\W+){0,3}?what would it (?:mean|do|be worth)\b[^?]*\bif (?!i\b|we\b)"
    r"(?![^?]*\b(?:" + _WAITING + r"|didn't|don't|doesn't|not|never)\b)"
    # ...or asks the buyer to price the gain it imagines: "And if disputes could be settled before the customer even
    # raises them, how much cash do you think that would free up?" (not "If you could change one thing about the
    # setup today, what would it be?", which asks what the buyer wants)
    r"|^\W*(?:and |so )?if (?!i\b|we\b|you\b|u\b)"
    r"(?:\w+\W+){1,8}?could\b[^?]*,\s*(?:(?:how much|how many|what)\b[^?]*\bwould\b|do (?:you|u) think\b"
    r"|(?:would|wouldn't)\b)",  # "If the insurance savings alone could pay for it twice over, do you think..."
    re.IGNORECASE,
)
# A picture painted as a statement: "And imagine your main-break response times dropping enough that the regulator
# notices."
_PICTURE = re.compile(
    r"^\W*(?:(?:and|but|so|now|just|ok|okay)\W+)*(?:imagine|picture)\b(?! (?:is|was|looks|of)\b)", re.IGNORECASE
)
# ...or what the buyer's peers lose or get, told as a fact: "Operators your size usually lose six figures a year to
# units sitting vacant!" (a hunch put to the buyer to check, "... Is that true for you?" or "but I could be wrong about
# Halvorsen", is no claim)
_HEDGED = re.compile(r"\b(?:could|might|may) be wrong\b|\bcorrect me\b", re.IGNORECASE)
_CLAIMED_GAIN = (
    r"(?:lose|save|cut|spend|waste|get|see|recover|free up|halve|take|bring|reduce|lower|drop|shave|knock|slash|book"
    r"|(?:are |is )?(?:losing|saving|cutting|getting|seeing|taking|bringing|reducing|halving|booking|dropping))"
)
_PEERS_CLAIM = re.compile(
    r"\b(?!(?:sounds|looks|seems|feels)\b)\w+s (?:your size|like (?!us\b|me\b|mine\b|ours\b)\w+)\b[^.?!]{0,30}?\b"
    + _CLAIMED_GAIN
    + r"\b"
    # "We help finance teams in freight cut disputes by about a third" (not "we help stamping plants cut unplanned
    # downtime", why the rep called)
    r"|\bwe (?:help|helped)\b(?: \w+){1,5}? (?:to )?" + _CLAIMED_GAIN + r"\b[^.?!]{0,40}?\b(?:by|half|third|quarter"
    r"|\d+|percent|double|twice)\b"
    # ...or what the rep's other buyers find: "Most CFOs I speak with are surprised how much cash comes loose when..."
    r"|\b(?:most|many|plenty of|a lot of|lots of) \w+s (?:i|we) (?:speak|talk|work|deal) (?:with|to)\b[^.?!]{0,30}?\b"
    r"(?:are (?:surprised|amazed|shocked)|find|found|end up|" + _CLAIMED_GAIN + r")\b"
    # ...or what others got: "Other carriers that pulled their billing together took about three weeks off DSO."
    r"|\bother \w+s (?:that|who|which)\b[^.?!]{0,50}?\b(?:took|cut|saved|saw|got|freed|knocked|shaved|halved)\b",
    re.IGNORECASE,
)
# ...and the question after it, in the same sentence, that asks the buyer to agree: "..., so wouldn't it be worth a
# look before your renewal?"
_AGREE_AFTER = re.compile(
    r",\s*(?:so|and)\s+(?:would|wouldn't|won't|isn't|doesn't|don't|could|couldn't|shouldn't|is|does)\b[^?]*\?\W*$",
    re.IGNORECASE,
)
# ...and the tag that asks the buyer to agree with it: "That's a good story for your board, no?"
TAG_QUESTION = re.compile(
    r",\s*(?:no|right|yeah|yes|eh|isn't it|wouldn't it|don't you think|agreed)\s*\?\s*$", re.IGNORECASE
)


def leading(question: str) -> bool:
    """Does `question` tell the buyer what to think (see `_LEADING`, `sells`)?"""
    return _LEADING.search(question) is not None or sells(question)


def sells(question: str) -> bool:
    """Does `question` sell a picture of what the product would do ("Wouldn't it be great if...?")? It pitches."""
    return _SELLS.search(question) is not None


def sold_picture(text: str) -> str:
    """The sentence of `text` that sells a picture, asked (`sells`) or told ("Imagine...", `_PEERS_CLAIM`), or ""."""
    checked = moves_rules.HUNCH_CHECK.search(text.lower()) is not None or _HEDGED.search(text) is not None
    return next(
        (
            s
            for s in sentences_of(text)
            if _PICTURE.search(s)
            or (sells(s) if s.rstrip().endswith("?") else not checked and _PEERS_CLAIM.search(s) is not None)
            # "We help networks like yours take half a day off length of stay, so wouldn't that be worth a look?"
            or (not checked and _PEERS_CLAIM.search(s) is not None and _AGREE_AFTER.search(s) is not None)
        ),
        "",
    )


def trial_close(question: str, before: str) -> str:
    """The claim `question` asks the buyer to agree with, when it is a trial close on the sentence just before it in the
    same message (`before`, the message up to the question), or "". A meeting proposed, a question or an
    acknowledgement is no claim ("I'd suggest Thursday at 10. Would that work?" asks about the meeting), and "would it
    help if I sent...?" offers something."""
    if not (_TRIAL_CLOSE.search(question) or _NEGATIVE.search(question) or _IMAGINED.search(question)):
        return ""  # the cheap check first: this runs on every question of every message
    claim = (sentences_of(before)[-1:] or [""])[0] if before.strip() else ""
    closes = (
        len(claim.split()) > 5  # "Got it, Daniel in finance." claims nothing
        and not claim.rstrip().endswith("?")
        and not acknowledges(claim)
        and not asks_to_meet(claim)
        and not _DESCRIBES_MEETING.search(claim)
        # "What's your abandonment rate, ..., how many loan calls do you lose, and what's that worth?" runs on from
        # questions: no claim before it
        and not re.search(r"(?:,|\band|\bor)\s*$", before, re.IGNORECASE)
    )
    return claim if closes else ""


# A subject set aside before the question: "if budget wasnt an issue, would you still want to fix scheduling?", "Money
# aside, what would you fix first?". The question asks about what follows, not about the budget.
_SET_ASIDE = re.compile(
    _LEAD_IN
    + r"(?:(?:if|say|suppose|assuming|imagine)\b[^,?]{0,60}?\b(?:wasn'?t|weren'?t|was not|were not|isn'?t|is not"
    r"|didn'?t matter)\b(?:[^,?]{0,25}?\b(?:issue|factor|problem|concern|constraint|blocker|object))?"
    r"|(?:if|say|suppose|assuming|imagine)\b[^,?]{0,40}?\b(?:were|was) no (?:object|issue)"
    r"|(?:\w+ ){1,2}aside|(?:leaving|putting|setting)\b[^,?]{0,40}?\baside\b[^,?]{0,20}),\s*",
    re.IGNORECASE,
)


# What a question is asked for, after it: "Where does the 20% come from, so that we solve the right problem?" asks
# where the number comes from, not (for "solve") what a delay costs the claims team.
_ASKED_FOR = re.compile(
    r",\s+(?:so (?:that )?|because |as )(?:we|we're|we'd|i|i'm|i'd|you|u|it|they)\b[^?]*(?=\?\W*$|$)", re.IGNORECASE
)


def set_aside(question: str) -> str:
    """`question` without a subject it sets aside first (see `_SET_ASIDE`), or what it is asked for (`_ASKED_FOR`)."""
    return _ASKED_FOR.sub("", _SET_ASIDE.sub("", question, count=1), count=1)


# Why the rep asks, said after the question: "I only ask so the case answers what you've promised." No play-back.
_WHY_ASKED = re.compile(r"^\W*(?:i|we) (?:only |just )?(?:ask|asked|am asking|'m asking)\b", re.IGNORECASE)


def explains_asking(sentence: str) -> bool:
    """Does the sentence say why the rep asked (see `_WHY_ASKED`)?"""
    return _WHY_ASKED.search(sentence) is not None


def without_set_asides(text: str) -> str:
    """`text` with each sentence's set-aside subject taken out: "Budgets aside, how's the season been on the coast?"
    asks nothing about the budget."""
    return " ".join(set_aside(sentence) for sentence in re.split(r"(?<=[.!?])\s+", text))


# A favour asked of the buyer ("Can you ask your CFO for an exception?", "Can you send her the invite?") or offered
# ("Shall I send the contract over today?"): it asks nothing about their business; one that asks what, how or whether
# someone thinks still asks.
_UP_THE_LINE = r"go back to|take (?:it|this|that) to|talk to|speak (?:to|with)|run (?:it|this|that) (?:by|past)"
REQUEST = re.compile(
    r"^\W*(?:(?:so|and|then|ok(?:ay)?|or),? )?(?:if [^,?]*,\s*)?"  # "If Diane signs, can you forward her the form?"
    r"(?:(?:can|could|would|will) (?:you|u) (?:please |just |maybe )?"
    r"(?:send|forward|ask|introduce|loop|cc|copy|book|arrange|set up|put me|get me|pass|invite|schedule|add me|sign"
    r"|approve|countersign|fast-track|push (?:it|this|the)|check with"
    r"|put (?:it|this|the|that|them|us|me)\b[^?]{0,30}\b(?:through|on))"
    # ...or a proposal ("What if we start all 22 hotels on a three-year deal?") or a push to sign ("Can we get the
    # paperwork started this week?", "When can you sign?")
    r"|what if (?:i|we)\b|(?:can|could|shall) we (?:just )?(?:get|start) (?:the )?(?:paperwork|contract|order form)"
    r"|when (?:can|could|will|would) (?:you|u|we) (?:sign|close)\b"  # "When can you sign?" pushes, asks nothing
    # ...or the buyer pressed to take it up the line now ("Can you just take it to your CFO?", "Can you talk to your
    # CFO today?"; "If I sent over an ROI calculator, could you take it to Finance?" still asks how that would go)
    r"|(?:can|could|would|will) (?:you|u) (?:just (?:" + _UP_THE_LINE + r")|(?:" + _UP_THE_LINE + r")\b[^?]*"
    r"\b(?:today|tomorrow|this week|again|right away|asap|now)\b)"
    # ...or pressed on them: "Can't you just explain to your CFO that the app pays for itself?"
    r"|(?:can't|cannot|couldn't) (?:you|u) (?:just )?(?:explain|tell|ask|get|push|convince|send|sign)"
    # ...or a favour offered: "Shall I send the contract over today?", "want me to put together a one-pager?"
    r"|(?:(?:shall|should|can|could|may) i|(?:do you )?want me to|why don't i|how about i|(?:maybe|perhaps) i"
    r"|(?:would|will|is) it (?:be )?(?:ok|okay|alright|all right|fine|help|helpful) if i) (?:just )?"
    r"(?:send|sent|resend|re-send|forward|share|book|set up|put together|pencil|drop|email|get you|show|walk|demo"
    r"|run|draft|write (?:up|it|that|this)|pull together|mock up|prepare"
    r"|put (?:all )?(?:of )?(?:that|this|it|them|those|these)\b[^?]{0,20}\binto)\b)"
    # ...unless it asks something too: not "when you have time", "so u can see if it fits", but ", and when is..."
    r"(?!.*\b(?:what|how|whether|who|why|which)\b)(?!.*\b(?:when|if) (?:is|are|do|does|did|would|could|can|will)\b)",
    re.IGNORECASE,
)


# Leave to ask, not a question yet: "can I ask you one question, and you tell me whether it's worth another minute?"
_LEAVE_TO_ASK = re.compile(
    r"\b(?:(?:can|could|may) i ask(?: you)?|(?:do you )?mind if i ask(?: you)?) (?:one|a|two|a few|a couple of)"
    r"(?: quick| short)? questions?\b",
    re.IGNORECASE,
)


def request(question: str) -> bool:
    """Is `question` a favour asked of or offered to the buyer, or leave to ask one, rather than a question about their
    situation?"""
    return bool(_LEAVE_TO_ASK.search(question) or REQUEST.search(question.strip()))


# "what" as a text message spells it: "wat's behind the 20%?", "besides price wat matters?"
_WAT = re.compile(r"\b(?:wat|wot|wut)(?=\b|'s\b)", re.IGNORECASE)
# A sentence opening with its number in a list: "Thanks. 1) What's your OEE target? 2) When's your next review?"
_ITEM_OPENING = re.compile(r"^\(?\d{1,2}\)\s+(?=\w)")


def questions(text: str, analysis: MoveAnalysis) -> list[Question]:
    """The questions of a message in order, each with the question moves the reader found in it."""
    asked = set(analysis.moves) & set(QUESTION_MOVES)
    units: list[tuple[str, Question]] = []  # (its sentence, the question)
    for sentence in (_ITEM_OPENING.sub("", s) for s in sentences_of(text)):
        parts = _parts(sentence)
        for part in parts:
            if len(parts) > 1 and _ONLY_LEAD_IN.match(part):
                continue  # "Help me understand, do you work out of the office?" asks only what follows
            indirect = sentence.rstrip().endswith("?") and _ASKED_INDIRECTLY.search(part) is not None
            spelled = _WAT.sub("what", part)  # "wat's behind the 20%?" asks what is
            kind = question_kind(spelled)
            stated = "" if indirect or kind else stated_ask(part)
            listed = len(parts) > 1 and _ANY_ASKED.match(part)  # "..., any retirements coming, ..."
            if not (kind or indirect or stated or listed):
                continue
            full_stop = part.rstrip().endswith(".")
            part = stated or part
            meeting = asks_to_meet(part)
            # "I'd like to know who..." asks "who...?"
            as_asked = f"{_STATED_ASK.sub('', part)}?" if stated else spelled
            moves = _question_moves(as_asked) | ({"open_question"} if indirect or stated else set())
            units.append((sentence, Question(part, frozenset(moves), meeting, full_stop)))
    # A move the model found that no question's rules placed belongs to the first question of its sentence.
    placed = {m for _, q in units for m in q.moves}
    for move in asked - placed:
        where = [k for k, (sentence, q) in enumerate(units) if sentence == analysis.evidence.get(move)]
        k = where[0] if where else next((k for k, (_, q) in enumerate(units) if not q.meeting), None)
        if k is not None:
            sentence, q = units[k]
            units[k] = (sentence, replace(q, moves=q.moves | {move}))
    # "Worth a closer look? I could do Wednesday at 3pm.", "I think next step is I send full proposal... Is it ok?": the
    # check belongs to the meeting, or to the next step put
    if asks_to_meet(text) or next_step_said(text):
        units = [(s, replace(q, meeting=True) if _check(q.text) else q) for s, q in units]
    return [q for _, q in units if q.moves or q.meeting]


_ONLY_LEAD_IN = re.compile(
    r"^\W*(?:(?:so|and|ok(?:ay)?)\W+)?(?:help me understand|tell me|(?:one |a )?quick question|i'?m curious|curious"
    r"|i wonder|question for you)\W*$",
    re.IGNORECASE,
)


# A question put in the rep's own voice, the first of a run that the sentence's question mark closes: "I wanted to ask
# how your maintenance works today on the presses, how many hours of downtime you have, and if you have a target?"
_ASKED_INDIRECTLY = re.compile(
    r"(?:\b(?:i|we) (?:wanted|want|would like|'d like|was hoping|am curious|'m curious|was wondering|wonder)"
    r"(?: to (?:ask|understand|know|learn|hear|check))?|^\W*(?:(?:kindly|please|so|and|can you|could you) )?tell me"
    # "May I ask why things went quiet, what has changed, and whether...?", "can I understand what's behind the 20%?"
    r"|\b(?:may|can|could) i (?:ask(?: you)?|understand|learn|check))"
    r"\s+(?:about |from you )?(?:how|what|where|who|why|when|which|if|whether)\b",  # "Kindly tell me why it dropped,"
    re.IGNORECASE,
)


# A question stated as what the rep wants to learn, no question mark: "Before we talk about renewing, I'd like to
# understand what went wrong from your side.", "I'm curious how DSO has moved over the past year." Not one about the
# rep's own side ("I'd love to show you how we cut that").
_STATED_ASK = re.compile(
    r"(?:\b(?:i|we)(?:'d| would) (?:like|love) to (?:understand|know|learn|hear)|\bi (?:want|wanted) to (?:understand"
    r"|know|learn|hear)|\bi(?:'m| am) curious|\bi was wondering|\bi wonder"
    r")\s+(?:more )?(?:about )?(?:from (?:you|u) )?(?=(?:how|what|what's|where|who|why|when|which)\b)"
    r"(?!\w+(?:\W+\w+){0,2}?\W+(?:we|we're|we'd|we've|our|us|i|i'm|i'd|my)\b)"
    # ...or texted after a clause, its question mark left off: "since crews went back to paper what has it cost you"
    r"|^\W*(?:since|now that|after|with|given)\b[^,?.!]{3,60}?\s(?=(?:what|how much|how many|how long)\b"
    r" (?:has|have|did|does|do|is|are|was|were|would)\b[^?]*$)",
    re.IGNORECASE,
)


# Where a stated question ends and what it is for begins: "..., so that we solve the right problem".
_PURPOSE = re.compile(r",?\s+(?:so that|so|because|as|since)\b|,\s+(?:and|but)\b")


def stated_ask(sentence: str) -> str:
    """The words of a question stated without a question mark (see `_STATED_ASK`), up to what it is for ("I'd like to
    understand what sits behind the 20%", not "so that we solve the right problem"), or ""."""
    found = _STATED_ASK.search(sentence)
    if found is None:
        return ""
    cut = _PURPOSE.search(sentence, found.end())
    return sentence[: cut.start() if cut else len(sentence)].rstrip(" .!")


# A question with no verb, in a string of them: "any retirements coming".
_ANY_ASKED = re.compile(r"\W*any\b", re.IGNORECASE)


def _question_moves(part: str) -> set[str]:
    """The question moves the rules find in one question, less an impact question that asks only whether something is
    worth the time, how long the buyer has had it or how big the business is (`moves.asks_no_impact`)."""
    moves = set(rule_moves(part)) & set(QUESTION_MOVES)
    if _ANY_ASKED.match(part):
        moves.add("closed_question")  # "any retirements coming" in a string of questions asks one of its own
    if asks_no_impact(language.plain(part)):
        moves.discard("impact_question")
    elif _RUNS_YOU.search(part):
        moves |= {"impact_question", "open_question"}
    return moves


# What something costs, in the words of the shop floor: "what an hr of downtime runs u?", "what does that set you back?"
_RUNS_YOU = re.compile(r"\b(?:what|how much)\b[^?]*\b(?:runs?|running|sets?|setting) (?:you|u|ya)\b", re.IGNORECASE)


# Time asked for, not a quantity asked about: "Worth 20 minutes to see how?", "half an hour next week?".
_TIME_ASKED = re.compile(
    r"\b(?:\d{1,3}|fifteen|twenty|thirty|forty-five|sixty) ?(?:min|mins|minutes)\b"
    r"|\bhalf an hour\b|\ban hour\b(?! a\b)",
    re.IGNORECASE,
)
# The question that closes a play-back: it asks the buyer to confirm it, not for anything new.
PLAYBACK_CHECK = re.compile(
    r"\b(?:did i (?:get|miss|capture)|have i (?:got|missed)|is that (?:about )?(?:right|fair|correct|it)|fair summary"
    r"|anything (?:i(?:'ve)? )?missed|what did i miss|(?:sound|sounds) (?:right|about right)"
    r"|did i hear (?:that|you) right|is that a fair|would (?:that|it) be (?:fair|right|accurate|correct))\b"
    r"|^\W*(?:fair|right|correct|accurate|yeah|tama)(?: po| ba)?\W*$"  # "tama po?": "right?" in Tagalog
    r"|^\W*that (?:about )?(?:right|fair|correct)\W*$",  # "that right?"
    re.IGNORECASE,
)
_CHECK_WORDS = frozenset("worth look close closer work suit sound good interest interested explore sense chat".split())


def checks_only(question: str) -> bool:
    """Does `question` only check what was proposed ("sound good?", "Does that work?")?"""
    return question.rstrip().endswith("?") and _check(question)


def _check(question: str) -> bool:
    """A question that only checks the meeting: short with nothing particular in it ("Worth a closer look?", "Does that
    work?"), or asking for time ("Worth 20 minutes to see how?")."""
    wh = re.match(r"\s*(?:and |so )?(?:what|how|who|why|when|where|which)\b", question, re.I)
    if not wh and _TIME_ASKED.search(question):
        return True
    short = len(question.split()) <= 5 and not wh
    return short and content_words(question) <= common_words() | _CHECK_WORDS


def meeting_words(text: str, analysis: MoveAnalysis) -> str:
    """The sentence that asks for the next step: the one with a day or time if any, else the reader's."""
    sentences = sentences_of(text)
    dated = [s for s in sentences if DATED.search(_undated(s))]  # not "I'll send it by Monday"
    dated = [s for s in dated if "?" in s] or dated
    reader = analysis.evidence.get("next_step", text)
    if checks_only(reader):  # "let me circle back w/ my team on pricing... sound good?" proposes in the first
        reader = next_step_said(text) or reader
    return dated[-1] if dated else reader


def is_dated(text: str) -> bool:
    """Does the meeting asked for name a day or time ("Thursday at 10", "on the 22nd of this month", "June 30")? A
    promise to come back within a week books nothing: "ill bring it to my manager and circle back, maybe end of next
    week?", nor does "next week sometime", nor a day by which the rep sends something ("I'll send a revised quote by
    Friday and we can go from there.", "ill send over a savings doc next week and we go from there")."""
    lowered = _undated(text)
    if _FROM_THERE.search(lowered) and not _CLOCK.search(lowered):
        return False  # "ill send over a savings doc next week and we go from there": the week is the doc's
    if _COMES_BACK.search(lowered) or re.search(r"\bsome ?time\b|\bat some point\b", lowered):
        lowered = re.sub(r"\b(?:end of |later )?next week\b", " ", lowered)  # "connect next week sometime": no day
    return bool(DATED.search(lowered) or _CALENDAR_DATE.search(lowered))


_COMES_BACK = re.compile(r"\b(?:" + _BACK_TO_YOU + r"|check back|come back to (?:you|u))\b")


_CALENDAR_DATE = re.compile(
    rf"\bthe \d{{1,2}}(?:st|nd|rd|th)\b|\b(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTHS})\b"
)


_NOT = re.compile(r"\b(?:not|never|no longer)\b|n't\b|\bnt\b", re.IGNORECASE)


# A question that asks for more of the same ("anything else change?"): no repeat of the one it follows.
_MORE = re.compile(r"\b(?:anything|something|what|who|anyone|anybody|where) else\b|\banything more\b", re.IGNORECASE)


def same_question(one: str, other: str) -> bool:
    """Two questions asking the same thing: the same content words, or nearly (three in four shared), put the same way
    ("And what's not working?" asks the other side of "What's working well?")."""
    if bool(_NOT.search(one)) != bool(_NOT.search(other)) or bool(_MORE.search(one)) != bool(_MORE.search(other)):
        return False  # ...nor does "anything else change?" after "what changed?": it asks for more
    a, b = content_words(one), content_words(other)
    if not a or not b:
        return language.plain(one).strip(" ?") == language.plain(other).strip(" ?")
    return len(a & b) / len(a | b) >= 0.75


# "Just so I have it straight: ...", "correct me if I'm wrong, but ...": what follows is put forward as the buyer's
# words.
_STRAIGHT = (
    r"|\b(?:just )?(?:so|to make sure) i(?:'ve| have)? (?:got )?(?:it|this|that|you|everything) (?:straight|right)\b"
    r"|\bcorrect me if i'?m wrong\b"
    r"|\b(?:from|based on|going by) what (?:you'?ve|you have|you) (?:said|told me|shared)\b"
    r"|^\W*(?:\w+\W+){0,2}?(?:per|from|based on) (?:our|this) conversation\b"  # "OK, per our conversation: ..."
)
# "what I'm hearing is...", not "what I'm hearing from a lot of hotel groups is...", what others say.
_HEARING = r"|\bwhat i(?:'m| am) hearing\b(?! from (?!you\b))"
# What a rep says when they mean to restate the buyer's words: only then can the buyer tell them they got it wrong.
PLAYBACK_CUE = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|right|got it|great|alright|so)\W+)*so\W*[,:]"  # "ok so: ...", "So, ..."
    r"|^\W*(?:(?:ok(?:ay)?|right|got it|great|alright)\W+)?so "
    r"(?:it sounds|it's|you're|you are|your|the (?:main|real|big)|basically(?!,? (?:we|our|i)\b)|just to"
    r"|to (?:confirm|recap|sum))"
    # "to confirm: ...", not what a meeting is for ("a review ... to confirm the sync works")
    r"|\bto (?:confirm|recap|sum up|summari[sz]e)\b(?! (?:the|a|an|our|your|their|its|it|this|these|those|every)\b)"
    r"|\b(?:play|read|say)(?:ing)? (?:that|it|this|those) back\b"
    r"|\b(?:let me|lemme) (?:make sure|summari[sz]e|recap|sum up)\b"
    r"|\bif i(?:'ve)? (?:got|heard|hear|understand|understood)\b"
    r"|\bif i(?:'m| am) (?:hearing|understanding) (?:you|that|this|it)?\s*(?:right|correctly)\b"
    r"|\bmake sure i(?:'ve| have)? (?:got|heard|understood|understand)\b"  # "so to make sure I've got it: ..."
    # "let me check I've got it", not "let me check internally + circle back"
    r"|\b(?:let me|lemme) check\b(?! internally| with| back| in\b| on (?:my|our|the)\b| and\b)"
    + _HEARING
    + r"|^\W*(?:(?:so|ok(?:ay)?|right)\W+)?(?:it )?sounds like\b|\byou(?:'re| are) saying\b|\bin (?:short|summary)\b"
    + _STRAIGHT,
    re.IGNORECASE,
)
# Words that can only announce a play-back, whatever the move reader made of the message.
ANNOUNCED = re.compile(
    r"\bto (?:confirm|recap|sum up|summari[sz]e)\b|\b(?:play|read|reflect)(?:ing)? (?:that|it|this|those) back\b"
    r"|\bif i(?:'ve| have)? (?:got|heard|understood|understand) (?:you|this|that|it)\b"
    + _HEARING
    + r"|\bif i heard (?:you |that )?(?:right|correctly)\b"
    r"|\byou(?:'re| are) saying\b|\blet me make sure i\b"
    r"|\b(?:let me|lemme) check (?:i(?:'ve| have)? (?:got|heard)|that i)\b"
    r"|\b(?:so|ok(?:ay)?|right),? the picture (?:is|i'm getting|i have)\b"
    r"|\bhere'?s what i(?:'ve)? (?:got|heard)\b|\bthe way i understand it\b|\b(?:recap|play-?back)\s*:"
    + _STRAIGHT
    + r"|\brecap of what i heard\b|\b(?:let me|lemme) (?:summari[sz]e|recap|sum up)\b(?! (?:the|a|an|our|what we)\b)",
    re.IGNORECASE,
)


# A statement opening on "so" that tells the buyer about their own business, in two parts or more ("OK, so a dbt model
# failed for a few hours in March, the cost was minimal, and your CFO is the one who'd sign this."): put forward as
# what the buyer said, so the buyer corrects it when it is wrong, whatever the move reader made of it. Not a question,
# and nothing of the rep's own ("so for a pilot we'd need...", "so I'll send it over").
_SO_STATEMENT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|right|got it|great|alright)\W+)?so\b,?\s+"
    r"(?!(?:what|how|why|who|when|where|which|can|could|shall|should|would|will|may|might|let's|if|do|does|did|is"
    r"|are|have|has)\b)",
    re.IGNORECASE,
)
_OWN = re.compile(r"\b(?:i|i'm|i'd|i'll|i've|me|my|we|we're|we'd|we'll|we've|our|us|let's)\b", re.IGNORECASE)


# The rep's side owning a failure in a play-back: "The GIS upgrade broke the map sync in March and nobody from our side
# called you."
_OWNED_FAILURE = re.compile(
    r"\b(?:nobody|no one|none of us) (?:from|on|at) (?:our|my) (?:side|team|end)\b", re.IGNORECASE
)


def echoes(sentence: str, heard: list[str]) -> bool:
    """Does `sentence`, a statement with nothing of the rep's own in it, say back mostly what the buyer said ("Tills to
    store servers, a dozen nightly jobs into S3, Airflow into Snowflake, and about 1,400 dbt models on top.")? Then it
    pitches nothing, whatever the move reader made of it. A short lead-in before a colon is the rep's way in, not what
    is said back ("That's helpful, and I appreciate the candour: a 15% savings target on every category, ...")."""
    head, colon, tail = sentence.partition(": ")
    if colon and len(head.split()) <= 10:
        sentence = tail
    if _OWN.search(_OWNED_FAILURE.sub(" ", sentence)) or sentence.rstrip().endswith("?"):
        return False
    words, said = content_words(sentence), {w for line in heard for w in content_words(line)}
    return len(words) >= 4 and len(words & said) >= 0.5 * len(words)


def told_back(sentence: str) -> bool:
    """Does `sentence` tell the buyer back about their business, opening on "so" (see `_SO_STATEMENT`)?"""
    return (
        not sentence.rstrip().endswith("?")
        and _SO_STATEMENT.search(sentence) is not None
        and not _OWN.search(sentence)
        and not re.search(r"^\W*(?:\w+\W+){0,3}so,? here'?s\b", sentence, re.IGNORECASE)  # "so here's a trade: ..."
        and not offers(sentence)
        and re.search(r",| and ", sentence) is not None
    )


# A yes/no question that asks for what it names, in a clause of its own: "Has anyone put a dollar figure on what the
# incident rate costs Castellan?", "Do you know how many calls you lose at peak?". Even a guarded buyer hears it as
# the open question it is.
_INDIRECT = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:do|does|did|have|has|would|could|can|is there)\b[^?]{0,60}?"
    r"\b(?:know|put|worked out|work out|calculated|figured|measured|estimated|tracked|costed|priced|sized"
    r"|a (?:sense|feel|view|number|figure|idea))\b[^?]{0,40}?"
    r"\b(?:what|how much|how many|how often|how long|how far|why|who)\b"
    # "have you put a $ number on the 9-day turns yet?" asks what they cost
    r"|^\W*(?:\w+\W+){0,3}?(?:have|has) (?:you|u|anyone|anybody|someone|finance)\b[^?]{0,20}?\bput (?:a|any) "
    r"(?:\$ ?|dollar |rough )?(?:number|figure|value|price|cost) on\b"
    # leave asked to understand it: "may I understand where the 20% comes from?"
    r"|\b(?:may|can|could) i (?:ask|understand|know|learn)\b[^?]{0,20}?\b(?:what|where|why|how|who|which|when)\b"
    # what worries the buyer, whatever it is: "anything looking ahead that worries u a bit?", "anything on their
    # roadmap you're still waiting on?"
    r"|^\W*(?:\w+\W+){0,3}?anything\b[^?]{0,40}?\b(?:worr(?:y|ies|ied|ying)|bother|concern|frustrat|keeps? (?:you|u) up"
    r"|pinch|(?:still )?waiting (?:on|for)|(?:you|u)(?:'d| would) change|(?:you|u) wish)",
    re.IGNORECASE,
)


def asks_indirectly(question: str) -> bool:
    """Does this yes/no question ask for what it names (see `_INDIRECT`)?"""
    return _INDIRECT.search(question) is not None


# Two answers offered to choose from: "has the scheduling problem gone away, or is it only the money that's stuck?"
# ("Do you have a budget or not?" asks for a yes or a no).
_EITHER_OR = re.compile(r"\w\W*\bor\b(?!\W*(?:not|no|nah|what|anything|something)\b)\W*\w", re.IGNORECASE)


def offers_choice(question: str) -> bool:
    """Does this question ask the buyer to choose between answers it offers? A guarded buyer answers it, not with a
    yes or a no."""
    return _EITHER_OR.search(question) is not None


def announced_playback(text: str) -> str:
    """The sentence that announces a play-back ("OK, so what I'm hearing is..."), or a statement opening on "so" that
    a check closes ("Got it. So you're losing about 4 hours a month on the CNC cells... Did I get that?"), or ""."""
    sentences = sentences_of(text)
    announced = next((s for s in sentences if ANNOUNCED.search(s)), "")
    checked = (  # the cheap checks first: this runs on every rep message
        s
        for k, s in enumerate(sentences)
        if not s.rstrip().endswith("?")
        and any(PLAYBACK_CHECK.search(later) for later in sentences[k + 1 :])
        and moves_rules.SUMMARY_OPENING.search(language.plain(s))
    )
    return announced or next(checked, "")


# A tag that turns a statement into a check: "So it's the surcharges, right?"
CHECK_TAG = re.compile(r",\s*(?:right|correct|yeah|yes|no|fair|true)\W*$", re.IGNORECASE)


def checks_playback(sentence: str) -> bool:
    """Does the sentence ask whether a play-back is right: "Did I get that right?", or the play-back itself with its
    check on the end ("So the main issue is the price ..., correct?")?"""
    return bool(PLAYBACK_CHECK.search(sentence) or CHECK_TAG.search(sentence))


# The share of a play-back's particular words the buyer must have said for it to be right, and under which it is
# wrong; in between, the buyer lets it pass (a paraphrase in the rep's own verbs: "adopted, not imposed").
RIGHT, WRONG = 0.6, 0.55
# What a wrong play-back pins on the buyer, beyond its words: which problem is the main one ("the real issue is
# spare parts", "it's a training issue", "mostly"), who signs ("you can sign it yourself", "your CFO will make the
# final call"), who is or isn't on board ("the claims team isn't convinced yet"), that it is in hand or small
# ("already doing predictive maintenance", "plenty of time"). Under `WRONG`, a play-back the buyer corrects pins one
# of these; one that pins none is the gist in the rep's own words ("so: new ppl in the loop, they need the saving in
# your numbers + proof techs will use it"), which the buyer lets pass (two authors' strong reps had 8 such gists
# corrected).
_PINS = re.compile(
    r"\b(?:main|real|big|biggest|key|core|only|actual|underlying|bigger)\s+(?:\w+\s+)?(?:issue|problem|concern|worry"
    r"|frustration|holdup|hold-up|pain|blocker|pressure|reason|priority|focus|irritant|challenge)s?\b"
    r"|\b(?:mainly|mostly|primarily|largely|chiefly)\b"
    r"|\b(?:really|basically|just|only|simply)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:issue|problem|thing|question"
    r"|conversation|matter|formality)\b"
    r"|\b(?:it's|it is|it was|that's|this is)\s+(?:all\s+)?(?:a|an)\s+(?:\w+\s+){0,2}(?:issue|problem|thing|question)\b"
    r"|\b(?:frustrated|worried|concerned|unhappy|upset)\s+(?:with|about|by|that)\b"
    r"|\byourself\b|\byou alone\b|\bone who(?:'ll|'d| will| would)? (?:sign|decide|approve)"
    r"|\bmakes? the (?:final |technical )?(?:call|decision)\b|\bholds? the budget\b|\bwill (?:sign|approve|decide)\b"
    r"|\bsigns? (?:it |this )?off\b"
    r"|\b(?:isn't|aren't|is not|are not|not)\s+(?:actually\s+|really\s+|yet\s+)?(?:an?\s+)?(?:issue|problem|factor"
    r"|concern|involved|needed|worried|convinced|sold|on board|bought in|interested|happy)\b"
    r"|\b(?:is|are|was|'s) (?:the|your|their) (?:\w+ )?(?:issue|problem|bottleneck|cause|blocker)\b"
    r"|\bthe (?:\w+ )?(?:issue|problem) (?:is|was)\b|\bconfus(?:es|ing)\b"
    r"|\b(?:is|are|'s|'re) (?:too |really |very )?(?:hard|difficult|complicated|clunky|slow|broken) to\b"
    r"|\b(?:your|the|their) (?:cio|cfo|ceo|coo|cto|it|board|committee|boss|vp|director) (?:wants|needs|is pushing)\b"
    r"|\bfine with\b|\bno need\b|\bplenty of time\b|\b(?:is|are|'s) small\b"
    r"|\balready (?:doing|using|running|on|live|signed|approved|in place|happy|fine|good)\b",
    re.IGNORECASE,
)
PLAYBACK_WORDS = frozenset(
    """play back recap confirm sum summarise summarize hear understand sound miss math maths top mind helpful
    useful""".split()
)
# Periods in shorthand that `language.plain` (which content_words reads through) leaves as typed.
SHORTHAND = {"wk": "week", "wks": "week", "mos": "month"}


def _figures(words: Iterable[str]) -> set[str]:
    """The numbers among `words`, by their leading digits."""
    return {w.rstrip("0") or "0" for w in words if w.isdigit()}


# A figure per period: "$22k an hour", "14 hours a month", "1,900 hours per quarter".
_RATE = re.compile(
    r"(\d[\d,]*)(?:\.\d+)?\s*(?:k|m|bn|thousand|million|billion)?\s*(?:[a-z]+\s+){0,2}"
    r"(?:a|an|per|each|every|/)\s*(hour|day|week|month|quarter|year)\b"
)


def _rates(text: str) -> set[tuple[str, str]]:
    """The figures of `text` given per period, each as (its leading digits, the period)."""
    return {(_figures([n.replace(",", "")]).pop(), period) for n, period in _RATE.findall(text.lower())}


def _rates_mixed_up(played: str, said: list[str]) -> bool:
    """Does the play-back give one of the buyer's figures per another period ("$22,000 a month" for "$22k an
    hour")?"""
    heard = _rates(" ".join(said))
    return any((n, period) not in heard and any(n == m for m, _ in heard) for n, period in _rates(played))


# Who signs or decides, as a play-back or the buyer puts it: "your IT director signs the renewal", "Teresa Boyd, our
# general manager, signs", "so since Paul's the signer": the words back to the start of the clause ("and", "but", ";",
# "so").
_SIGNER = re.compile(
    r"(?:^|[;:]|\b(?:and|but|so|since|while|although|whereas)\b)\s*([^;:]{1,60}?)(?:\s*,?\s+(?:co-)?(?:signs?"
    r"|approves?|decides?|makes the (?:final )?(?:call|decision)|has the (?:final )?say"
    r"|(?:still )?(?:has|holds|owns|controls) the (?:money|budget|purse strings|decision))"
    r"|(?:\s+(?:is|was)|'s) (?:the )?(?:signer|signatory|decision[- ]maker|approver|one who (?:signs|decides)))\b(?!-)",
    re.IGNORECASE,
)


def _signer_mixed_up(played: str, said: list[str]) -> bool:
    """Does the play-back name someone as signing or deciding whom the buyer never named where they said who signs
    ("your IT director signs the renewal, with Teresa advising" after "Teresa Boyd, our general manager, signs")?
    Accents aside: "Tomas signs" names the buyer's "Tomás"."""
    played, said = _unaccented(played), [_unaccented(line) for line in said]
    told = [sentences_of(line) for line in said]
    signing = [
        " ".join(sentences[max(k - 1, 0) : k + 1])  # with the sentence before: "... Daniel's pool; he's our CFO."
        for sentences in told
        for k, s in enumerate(sentences)
        if _names_signer(s) or _DECIDED.search(s)
    ]
    if not signing:
        return False
    named = {w for s in signing for w in content_words(s)}
    found = [  # by sentence: "... instead of two. Your IT director makes the final call"
        m.group(1)
        for sentence in sentences_of(played)
        for m in _SIGNER.finditer(sentence)
        if not _SCOPED.match(sentence, m.end())  # "mark signs off on integration + security" signs off a part
    ]
    return any(words and not words & named for words in map(_signer, found))


def _unaccented(text: str) -> str:
    """`text` with its letters' accents left off ("Tomás" is "Tomas")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _names_signer(sentence: str) -> bool:
    """Does `sentence` say who signs or decides? "Two or three properties, then decide." names no one: it says what
    happens next."""
    return any(not _NEXT_ACT.search(m.group(1)) for m in _SIGNER.finditer(sentence))


_NEXT_ACT = re.compile(r"\bthen\W*$", re.IGNORECASE)
# How the buyer says where a decision is made, beyond who signs: "Requests are decided at the quarterly ops review".
_DECIDED = re.compile(r"\b(?:decided|approved|signed off|final say)\b", re.IGNORECASE)
_SCOPED = re.compile(
    r"\s+off\s+on\s+(?!(?:it|this|that|the (?:deal|contract|renewal|purchase|spend|budget|paper|order|case))\b)\w",
    re.IGNORECASE,
)


def _signer(found: str) -> set[str]:
    """The name or role that signs, from the words before the verb: the nearest clause's subject ("..., and Tomás
    signs"); for a second verb, the first's ("Paul, the CFO, owns the budget and signs": the CFO); nothing for "you"
    ("u sign under $250k"); a casual lowercase name as typed ("tomás signs")."""
    pieces = [p for p in re.split(r"\b(?:and|but|so|while|although|whereas)\b", found) if p.strip()]
    for who in reversed(pieces[-1].split(",") if pieces else []):
        if re.search(r"(?:^|\s)(?:u|you|i|we|he|she|they)(?: (?:can|could|would|will|just))?\W*$", who, re.IGNORECASE):
            return set()  # "u sign", "under 250k u sign": a pronoun is the subject
        names = " ".join(re.findall(r"\b[A-Z][\w-]*", who))  # "Tomás", "CFO"
        words = (content_words(names) - common_words()) | (content_words(who) & ROLES)
        if not words and len(who.split()) <= 2:
            words = content_words(who) - common_words()
        if words:
            return words
    return set()


# Who may sign or decide, whatever the scenario.
ROLES = frozenset(
    "cfo ceo cio cto coo cno gm vp controller director manager board committee finance legal procurement owner head "
    "chief president superintendent".split()
)


_PROPOSES = re.compile(
    r"^\W*(?:so,? |then,? )?(?:i'd|i would|i|we'd|we would) (?:suggest|propose|recommend)\b"
    # ...or the time asked for: "I'm asking for one hour to compare what you have with what members need."
    r"|\b(?:i'?m|i am) (?:only |just )?asking (?:you )?for (?:one|an|half an|a|\d+)\b",
    re.IGNORECASE,
)


# A meeting described, with its length or day and what it is: "60 min working session tues 9am".
_DESCRIBES_MEETING = re.compile(
    rf"(?=.*\b(?:{MEETING_NOUNS})\b)"
    r"(?=.*(?:" + _LENGTH + r"|\b(?:half an|an) hour\b|" + DATED.pattern + "))",
    re.IGNORECASE,
)


def playback_matches(
    text: str, said: list[str], true_words: frozenset[str], true_text: str = "", put_forward: bool = False
) -> bool | None:
    """Does the rep's play-back say what the buyer said, or at least what is true of the buyer (`true_words`)? Most of
    its particular words, and all its numbers (times of day aside), must be the buyer's. False only for words put
    forward as a play-back ("So, to confirm: ...", "Did I get that right?") that are mostly not the buyer's and pin
    something on them (`_PINS`), or have numbers the buyer never gave; None when there is nothing particular to
    confirm or correct, or when the words were never put forward as the buyer's (a question or a proposal that the
    move reader took for a play-back).
    `put_forward`: the caller knows `text` is put forward as what the buyer said (`told_back`)."""
    known = true_words | {w for line in said for w in content_words(line)}
    sentences = sentences_of(text)
    # "So it's the surcharges, right?"; "I'd suggest 45 minutes with you and Mark." and "so: 60 min working session
    # tues 9am w/ someone from marks team" propose, they play nothing back
    # A day inside a long play-back is what the buyer told ("So: ..., schedules built in a spreadsheet by each GM on
    # Sunday night, and Daniel wants in-year payback"), not a meeting asked for.
    proposing = [
        _PROPOSES.search(s) or _DESCRIBES_MEETING.search(s) or asks_to_meet(s) and not _long_playback(s)
        for s in sentences
    ]
    # ...and what follows a question of the rep's own is a guess at its answer, not what the buyer said: "who'd need to
    # be in the room for something like this? sounds like ur maint mgr would"
    checks = [checks_playback(s) for s in sentences]
    asked = [s.rstrip().endswith("?") and not check for s, check in zip(sentences, checks, strict=True)]
    guessing = [any(asked[:k]) for k in range(len(sentences))]
    offered = [s for s, p, g in zip(sentences, proposing, guessing, strict=True) if not p and not g]
    kept = [s for s in offered if not s.rstrip().endswith("?")] or offered
    kept = [s for s in kept if not acknowledges(s)] or kept  # "That's really helpful." plays nothing back
    pitch_at = next((k for k, s in enumerate(kept) if _PITCH_TURN.search(s)), None)
    if pitch_at is not None:  # the play-back ends where the pitch begins
        kept = kept[:pitch_at] + [_PITCH_TURN.split(kept[pitch_at], maxsplit=1)[0]]
    if not kept:
        return None
    words = _played_words(" ".join(kept))
    particular = {w for w in words - common_words() - PLAYBACK_WORDS if not w.isdigit()}
    figures, known_figures = _figures(words), _figures(known)
    if not particular | figures:
        return None  # nothing particular played back: not a play-back to confirm or correct
    counted = figures if len(particular) < len(figures) + 2 else set()  # "DSO 41 to 58, six million?" is its figures
    share = (len(particular & known) + len(counted & known_figures)) / (len(particular) + len(counted))
    played = " ".join(kept)
    numbers_known = (
        all_known(played, " ".join(said), true_text)
        and not _rates_mixed_up(played, said)
        and not _signer_mixed_up(played, said)
    )
    untold = _main_thing_untold(played, said)
    if share >= RIGHT and numbers_known and not untold:
        return True
    if put_forward:  # told back unannounced: wrong when its figures or who signs are, not for the rep's own words
        return False if not numbers_known or untold else None
    claimed = any(
        check or PLAYBACK_CUE.search(s) and not s.rstrip().endswith("?")
        for s, check, g in zip(sentences, checks, guessing, strict=True)
        if not g
    )  # "So, to confirm: ..." or "... Did I get that right?", not "So, does the phone system ever give you trouble?"
    pinned = share < WRONG and _PINS.search(played)
    return False if claimed and (pinned or untold or not numbers_known) else None


# What a play-back names as the buyer's main problem: "the real issue is cost", "your biggest concern is the price".
_MAIN_THING = re.compile(
    r"\b(?:main|real|big|biggest|key|core|actual|underlying)\s+(?:issue|problem|concern|worry|pain|blocker|priority"
    r"|challenge)s?\s+(?:here |for you )?(?:is|are|was)\s+(?P<what>[^.,;:?!]+)"
    # "the issue is mainly slow queries in Snowflake"
    r"|\b(?:issue|problem|concern|pain)\s+(?:is|was)\s+(?:mainly|mostly|really|basically)\s+(?P<mainly>[^.,;:?!]+)",
    re.IGNORECASE,
)


# Money named as the main problem is never too common a word to check: "the main issue is the price" when the buyer
# spoke of callbacks and late reports.
_MONEY = frozenset("price prices pricing cost costs expensive cheap cheaper money budget spend".split())


def _main_thing_untold(played: str, said: list[str]) -> bool:
    """Does a play-back name as the buyer's main problem what the buyer never spoke of ("So the real issue is cost."
    after callbacks, late reports and three screens; "the issue is mainly slow queries in Snowflake" after broken
    store feeds)? Its words may be of the scenario; the buyer's, most of them are not."""
    found = _MAIN_THING.search(played)
    what = (found.group("what") or found.group("mainly")) if found else ""
    named = _played_words(what) - (common_words() - _MONEY) - PLAYBACK_WORDS
    return bool(named) and 2 * len(named & {w for line in said for w in _played_words(line)}) < len(named)


# Where a play-back turns into the rep's own pitch: "What I'm hearing is length of stay and boarding are top of mind,
# and that's exactly what our platform does: ..." plays back only what comes before it.
_PITCH_TURN = re.compile(
    r",?\s*(?:\b(?:and|so|which)\s+)?\b(?:that's|that is|this is|which is) (?:exactly |precisely |just )?"
    r"(?:what|where|why|how) (?:we|our|i)\b",
    re.IGNORECASE,
)


# A play-back sentence this long (in content words, figures included) is one, whatever day it names.
LONG_PLAYBACK = 8


def _long_playback(sentence: str) -> bool:
    """Is `sentence` a statement put forward as a play-back ("So: ...", "So the crews ...") of `LONG_PLAYBACK` words?"""
    if sentence.rstrip().endswith("?") or not (PLAYBACK_CUE.search(sentence) or told_back(sentence)):
        return False
    return len(_played_words(sentence) - PLAYBACK_WORDS) >= LONG_PLAYBACK


# A fact played back as heard, though the buyer never told it: this many of its particular words.
GUESSED_WORDS = 4


def _played_words(text: str) -> set[str]:
    """The content words of a play-back, dates left out and shorthand written out ("wks" is "week")."""
    return {SHORTHAND.get(w, w) for w in content_words(DATED.sub(" ", text.lower()))}


def guesses(played: str, facts: Iterable[Fact], said: Iterable[str]) -> list[str]:
    """The facts (not yet told) that a sentence of a play-back the buyer confirmed says: at least `GUESSED_WORDS` of
    one of its lines' particular words that the buyer has not `said`, or three and a figure. "Anything new would have
    to be invisible to members, pull from your core, and clear due diligence before September" guesses what a switch
    must clear; the buyer's "That's right" confirms it. Words she has said already guess nothing."""
    told = {w for line in said for w in content_words(DATED.sub(" ", line.lower()))}
    # One sentence says it (words gathered across a play-back guess nothing), and tells rather than asks.
    sentences = [
        (words, words - common_words() - PLAYBACK_WORDS - told)
        for words in (_played_words(s) for s in sentences_of(played) if not question_kind(s) and not asks_to_meet(s))
    ]

    def says(line: str) -> bool:
        theirs = set(content_words(DATED.sub(" ", line.lower())))
        for words, particular in sentences:
            shared = {w for w in particular & theirs if not w.isdigit()}
            if len(shared) >= GUESSED_WORDS or len(shared) >= 3 and _figures(words) & _figures(theirs):
                return True
        return False

    return [fact.id for fact in facts if any(says(line) for line in fact.says)]


def offers(sentence: str, given: bool = False) -> bool:
    """Does `sentence` offer a price or an extra ("What if I could make it work on price?", "how about we push the
    first invoice out to April?")? Put as a question, it still asks the buyer nothing about their business. A
    play-back of the buyer's numbers offers nothing ("ok quick play-back: 20% = savings target + a cheaper quote").
    `given`: the message gives a concession, so an offer of any kind beside it offers more ("What if we took budget
    off the table?")."""
    if _COUNTERED.search(language.plain(sentence)):
        return True
    lowered = _REFUSED.sub("", language.plain(sentence).strip())
    if ANNOUNCED.search(lowered) or _STALL.search(lowered):
        return False
    return bool((given or CONCESSION.search(lowered)) and OFFER.search(lowered))


# A discount turned down gives nothing: "tbh 20% isnt something we can do", "we can't go to 15%, but..." (what follows
# the "but" may still give something).
_REFUSED = re.compile(
    r"[^,.;!?]*\b(?:isn'?t|is not|not) (?:something|anything|a number|what) (?:i|we)(?: can| could| are able to)? "
    r"(?:do|offer|give|go to)\b[^,.;!?]*"
    r"|\b(?:i|we) (?:can'?t|cannot|won'?t|couldn'?t|are not able to|aren'?t able to) "
    r"(?:do|go|get|give|offer|drop|match|move|budge|discount)\b[^,.;!?]*"
)


# A lower figure offered after the buyer's is turned down: "i cant do 20 but maybe like 12ish?".
_COUNTERED = re.compile(
    r"\b(?:i|we) (?:can'?t|cannot|won'?t|couldn'?t) (?:do|go to|go|get to|offer|give) \d+ ?%?(?: percent| off)?,? but "
    r"(?:\w+ ){0,4}?\d+(?:ish)? ?%?(?!\w)"
)


# A promise to look into it, which gives the buyer nothing to bank: "OK, I will check with my manager about the payment
# terms and the discount", "let me see what I can do on price".
_STALL = re.compile(
    r"\b(?:check|talk|speak) (?:with|to) (?:my|our) (?:manager|boss|director|team|finance|leadership|vp)\b"
    r"|\bsee what (?:i|we) can do\b|\blook into\b|\b(?:get|come) back to you\b(?![^.?!]*\b\d+ ?%)"
)


_OWN_OFFER = re.compile(_OWN_VOICE)


_GIVEN = re.compile(r"\boff\b|\bdiscount|\bfree\b|\bwaive|\bno charge\b|\bthrow\b|\bon us\b|\bit is\b")


def echoes_terms(sentence: str, said: list[str], true_text: str = "") -> bool:
    """Is a "concession" only the buyer's own terms said back ("ok net 60, renewal cap after the 12% hit, + an exit if
    the first centre misses cycle time. all fair."): figures all the buyer's (said, or true of them: `true_text`), and
    no offer in the rep's own voice?"""
    lowered = language.plain(sentence)
    given = _OWN_OFFER.search(lowered) or _GIVEN.search(lowered) or _COUNTERED.search(lowered)
    listed = len(lowered.split()) >= 8  # "OK, 20% then." agrees to the buyer's number; a list of terms restates them
    return listed and bool(amounts(lowered)) and not given and all_known(lowered, " ".join(said), true_text)


def gives(sentence: str) -> bool:
    """Does `sentence` put something on the table: a price, an extra or a better deal?"""
    lowered = language.plain(sentence)
    return bool(CONCESSION.search(lowered) or re.search(r"\b(?:special|better|good) (?:deal|price|rate)\b", lowered))


def price_move(text: str) -> tuple[str, str]:
    """("trade", sentence) for a conditional offer, ("concession", sentence) for a price or an extra given for
    nothing, else ("", "")."""
    sentences = sentences_of(text)
    for sentence in sentences:
        lowered = language.plain(sentence).strip()
        if TRADE.search(lowered) or TRADE_ASKED_FIRST.search(lowered) and CONCESSION.search(lowered):
            return "trade", sentence
    # "ok so: weekly use back above 75%, ..., a named person u can call. anything i missed?" plays back what the
    # buyer asked for; it gives nothing away
    checked = any(PLAYBACK_CHECK.search(s) for s in sentences)
    given = (s for s in sentences if offers(s) and not (checked and PLAYBACK_CUE.search(s)))
    return next((("concession", sentence) for sentence in given), ("", ""))
