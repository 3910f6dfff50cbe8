"""Role-play move recognition (docs/scoring.md section 2), including its finer points."""

from __future__ import annotations

import json

import pytest

from coach import language
from coach.drills import hearing
from coach.drills.moves import MoveAnalysis, analyse_moves, quote_the_acknowledgement, rule_moves
from coach.drills.moves_rules import SURE_SIGNS
from tests.cli import run_spar
from tests.processes import ROOT

CHECK_SETS = {
    "dev set": ROOT / "nlu" / "dev_sets" / "roleplay_moves.yml",
    "held-out": ROOT / "tests" / "fixtures" / "moves_heldout.yml",
}


@pytest.mark.parametrize("name", CHECK_SETS)
def test_moves_reach_the_issue_floors(name: str) -> None:
    result = run_spar("eval", "moves", str(CHECK_SETS[name]), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["macro_f1"] >= 0.85, report
    assert all(scores["f1"] >= 0.75 for scores in report["labels"].values()), report


@pytest.mark.parametrize(
    ("text", "moves"),
    [
        (
            "I hear you. What would it cost you if this slipped another quarter?",
            {"acknowledge", "open_question", "impact_question"},
        ),
        ("Can you walk me through how approvals work today?", {"open_question", "criteria_question"}),
        ("Could you introduce me to her?", {"closed_question", "next_step"}),
        ("Wouldn't it help if our tool did the matching for you?", {"pitch", "closed_question"}),
        ("How many hours does that take?", {"open_question", "impact_question"}),
        ("Got it, great.", set()),
        ("So the real issue is visibility, not cost. Did I get that right?", {"summarize", "closed_question"}),
        ("I'll send you a recap after the call.", set()),
        ("Is budget approved for this year?", {"closed_question", "criteria_question"}),
        ("We could start with four sites on the 12th.", {"quantify", "next_step"}),  # a dated start: a next step
        ("Besides the headline price, what would matter most in the terms?", {"open_question", "criteria_question"}),
        ("We also offer dispute management and dashboards.", {"pitch"}),
    ],
)
def test_the_finer_points(text: str, moves: set[str]) -> None:
    assert set(analyse_moves(text).moves) == moves


def test_score_moves_prints_moves_with_the_words_that_showed_them() -> None:
    text = "That's a fair concern. Could we get 20 minutes with your CFO on Friday?"
    result = run_spar("score", "moves", stdin=text)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["moves"] == ["closed_question", "next_step", "acknowledge", "quantify"]
    assert out["labels"]["pitch"] is False and out["evidence"]["acknowledge"] == "That's a fair concern."


def test_score_moves_with_nothing_on_stdin_says_so() -> None:
    result = run_spar("score", "moves", stdin="")
    assert result.returncode == 2 and "standard input" in result.stderr


@pytest.mark.parametrize(
    "question",
    [
        "And if you ever did look at an alternative, what would it have to clear?",
        "What would a new system need to prove?",
    ],
)
def test_what_a_new_option_would_have_to_clear_is_a_criteria_question(question: str) -> None:
    assert "criteria_question" in rule_moves(question)


@pytest.mark.parametrize(
    "text",
    [
        "Hi Owen! I totally understand, but I think the numbers don't tell the whole story.",
        "Completely get it, but our platform is the best on the market.",
        "I hear you, Marisol, but our pricing is already very competitive.",
        "I hear where you're coming from, but nobody does integrations better than us.",
        "I don't really see why a CFO review should hold this up. Our ROI is proven across hundreds of communities.",
        "I'd really encourage you not to let this slip. Every week on the old process costs you money.",
        "We integrate with every major transport management system. I'd love to show you a full demo.",
        "I know you're busy, but this is really worth 45 minutes. Can we book the demo for Thursday?",
        "I understand things are busy, but this is exactly why you need the app.",
        "I hear you. That said, you get what you pay for, and our platform is simply in a different league.",
        "ok i hear u. honestly their module is a lot clunkier than ours, ur crews will hate it.",
        "Everyone says they have no budget, but our ROI is so strong it pays for itself in a few months. Budget"
        " shouldn't really be the issue.",
        "Your team loved the demo so I don't understand what the hold-up is. This is a no-brainer.",
        "Honestly, if it's not a priority now it will be when your backlog gets worse.",
        "Budget is usually a timing thing. Honestly, no budget is just a timing issue.",
        "The ERP module really isn't comparable. Your crews would hate it.",
        "I really think you'd be missing out here. Can we lock in Friday at 11?",
        "Look, I'm sure there's money somewhere. If I put a proposal together, can you take it to your CFO?",
        "I think you'd be leaving a lot of money on the table. Can we set up a call with your CFO on Friday?",
        "Usage dips happen with every customer. Once the crews get used to it again, it'll bounce back.",
        "yeah thats normal. we have a DPIA pack ready, I'll send it today",
        "20% is just not reasonable. Our pricing is fair and we don't discount.",
        "Hi Owen. I'd push back a bit: the usage drop was caused by your GIS upgrade, not our app.",
        "The finance side sounds like it's in decent shape, so I wouldn't worry too much about timing.",
    ],
)
def test_a_concern_waved_away_with_but_is_no_acknowledgement(text: str) -> None:
    """Nor is the buyer's time noted, or a demo offered: nothing they said or felt is heard. An acknowledgement beside
    the offer still counts."""
    assert "acknowledge" not in analyse_moves(text).moves
    assert "acknowledge" in analyse_moves(f"Totally fair. {text}").moves


@pytest.mark.parametrize(
    "question", ["Do you think that would help?", "Great. Would something like this work for your team?"]
)
def test_a_trial_close_is_no_criteria_question(question: str) -> None:
    """Asking whether the rep's idea would help asks nothing about what the buyer needs to see."""
    assert "criteria_question" not in analyse_moves(question).moves


def test_asking_permission_for_an_open_question_is_an_open_question() -> None:
    moves = analyse_moves("Can I ask what the competing quote includes? I want to compare like for like.").moves
    assert "open_question" in moves


def test_why_dont_we_proposes_and_asks_for_a_yes_or_a_no() -> None:
    moves = analyse_moves("Why don't we set up some retraining for the crews?").moves
    assert "closed_question" in moves and "open_question" not in moves


@pytest.mark.parametrize(
    ("text", "impact"),
    [
        ("would it be worth getting tomás on a quick call w/ us next week or the week after?", False),
        ("Worth 20 min on Thursday?", False),
        ("What would it be worth to you to get that down to five days?", True),
        ("hey rachel, no worries, appreciate u taking the call anyway. how long have u been w/ them?", False),
        ("Good to know. Next: how many sites are live right now?", False),
        ("how many ppl on the blade repair team?", False),
        ("Are you based at head office, or do you spend most of your week out on the sites?", False),
        ("This is very hard for hospitals now. How many nurses left last year, approximately?", True),
        ("how many people touch a disputed invoice, and for how long?", True),
        ("Fair enough to be wary after that. What did they promise that never showed up?", False),
    ],
)
def test_worth_the_time_how_long_and_how_big_are_no_impact_questions(text: str, impact: bool) -> None:
    """ "Worth getting Tomás on a call?" asks for time, "how long have u been w/ them?" since when, "how many sites?"
    how big the business is; "what would it be worth to you?" and "how many nurses left?" ask what the problem costs.
    The buyer hears them the same way."""
    assert ("impact_question" in analyse_moves(text).moves) == impact
    heard = hearing.questions(text, analyse_moves(text))
    assert any("impact_question" in q.moves for q in heard) == impact


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            "So here's what I'd propose: we take a few weeks, I put together a revised quote, and we sign in autumn.",
            False,
        ),
        ("So here's what I've got: 14 hours a month of downtime at about $22k an hour. Did I get that right?", True),
    ],
)
def test_a_proposal_opening_on_so_is_no_play_back(text: str, summary: bool) -> None:
    assert ("summarize" in analyse_moves(text).moves) == summary


@pytest.mark.parametrize(
    ("text", "pitch"),
    [
        ("we help teams like yours cut invoice disputes by about 30%", True),
        ("ngl the platform pays for itself in like 4 months", True),
        ("Most of the automotive suppliers we work with add five to eight OEE points in the first year.", True),
        ("Credit unions like Harbor Point usually see call abandonment halve after working with us.", True),
        ("And our reporting gives your controller a live view of cash.", True),  # what "our" anything does
        ("How does your reporting give the controller a view of cash?", False),
        ("How are teams like yours handling disputes today?", False),  # a question about the buyer's own world
        ("Do your customers tend to pay late?", False),
    ],
)
def test_a_benefit_claimed_without_a_product_noun_is_a_pitch(text: str, pitch: bool) -> None:
    assert ("pitch" in rule_moves(text)) is pitch


def test_a_bare_i_understand_that_leads_into_a_pitch_acknowledges_nothing() -> None:
    """ "Insurers who automate intake usually stop paying..." claims a benefit; the "I understand." before it waves the
    concern away. A problem named as a hunch ("carriers that grow by acquisition often see disputes pile up") sells
    nothing, and a real acknowledgement before the pitch still counts."""
    waved = analyse_moves(
        "I understand. Keep in mind that insurers who automate intake usually stop paying late-acknowledgement "
        "penalties within the first quarter."
    )
    assert "pitch" in waved.moves and "acknowledge" not in waved.moves
    hunch = "I wrote because carriers that grow by acquisition often see disputes pile up, but I'd rather not assume."
    assert "pitch" not in analyse_moves(f"{hunch} How are invoices getting out the door today?").moves
    heard = analyse_moves("I understand. That must be frustrating. Insurers who automate intake usually stop paying.")
    assert {"pitch", "acknowledge"} <= set(heard.moves)


def test_owning_a_failure_is_no_pitch_but_a_fix_announced_with_it_is() -> None:
    owned = "Usage dropping from 82% to 38% happened on our watch, and we should have called you long before."
    assert "pitch" not in analyse_moves(owned).moves
    assert "pitch" in analyse_moves("That's on us. Our new release fixes the map sync and adds offline mode.").moves


def test_a_hunch_put_to_the_buyer_to_check_is_no_pitch() -> None:
    hunch = (
        "Carriers that grow by acquisition often find billing gets messy. Is that true at Northwind, or am I off base?"
    )
    assert "pitch" not in analyse_moves(hunch).moves


def test_an_apology_for_what_went_wrong_acknowledges_it_and_fair_asks_for_a_check() -> None:
    apology = "Before anything else, I owe you an apology. What happened on your side?"
    assert "acknowledge" in analyse_moves(apology).moves
    assert "acknowledge" in analyse_moves("I'm sorry that happened. How did the crews take it?").moves
    assert "acknowledge" not in rule_moves("So you need the sync fixed before March. Fair?")


@pytest.mark.parametrize(
    ("text", "acknowledges"),
    [
        ("I am very sorry for the problems with the app.", True),
        ("Hello Owen, thank you for the time. I saw the usage is lower, I am sorry about this.", True),
        ("So sorry about the outage.", True),
        ("I'm sorry but 20% just isn't possible.", False),  # a refusal
        ("I'm sorry to bother you this early.", False),  # an apology for the call
    ],
)
def test_an_apology_for_what_went_wrong_is_a_sure_sign_of_an_acknowledgement(text: str, acknowledges: bool) -> None:
    assert bool(SURE_SIGNS["acknowledge"].search(language.plain(text))) is acknowledges


def test_a_play_back_of_what_broke_is_no_pitch() -> None:
    playback = (
        "Let me make sure I've got it. The map sync broke after the GIS upgrade and we didn't own it; crews went back"
        " to paper and response time has slipped. Fair?"
    )
    assert "summarize" in analyse_moves(playback).moves and "pitch" not in analyse_moves(playback).moves
    fix = "So the sync broke. Our new release fixes the map sync and adds offline mode."
    assert "pitch" in analyse_moves(fix).moves


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("after the dashboard pilots, what would something need to show you to be worth an hour?", "criteria_question"),
        ("who'd you want in the room, your maintenance manager?", "criteria_question"),
        ("Have you been able to put a dollar figure on make-ready running at nine days?", "impact_question"),
        ("have you put a $ number on the 9-day turns yet?", "impact_question"),
        ("What is that delay doing to your cash position?", "impact_question"),
    ],
)
def test_criteria_and_cost_asked_in_other_words(text: str, move: str) -> None:
    assert move in analyse_moves(text).moves


@pytest.mark.parametrize(
    ("text", "proposes"),
    [
        ("OK, let's reconnect in a few weeks and see if things have moved.", True),
        ("Let's touch base in a couple of weeks.", True),
        ("can we circle back after the board meets?", True),
        ("I'll send a recap.", False),
        ("I'll follow up with the notes.", False),
        ("of course, what time works better for you?", True),
        ("haha ok 7am on the 22nd it is", True),
        ("no problem, which day next week is least crazy for you", True),
        ("fine, $8 it is.", False),
        ("Perfect. I'll get that to you in the next couple of weeks and we can reconnect after that.", True),
        ("We'll circle back in Q1.", True),
    ],
)
def test_a_casual_proposal_to_talk_again_is_a_next_step(text: str, proposes: bool) -> None:
    assert ("next_step" in analyse_moves(text).moves) == proposes


def test_a_dollar_or_percent_sign_without_a_number_is_no_figure() -> None:
    assert "quantify" not in analyse_moves("ok, so we skipped a few things: the cost in $ and written criteria").moves
    assert "quantify" in analyse_moves("So we're about $40k apart on the annual fee.").moves


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("Monday 3pm works?", "next_step"),
        ("does tues the 11th at 930 work for her? 30 mins max", "next_step"),
        ("u free thurs 10am", "next_step"),
        ("completely fair, who in finance should check it", "acknowledge"),
        ("so you find out at the dock when it's already too late, that's rough.", "acknowledge"),
        ("That's an important distinction. Could you walk me through how the board reports it?", "acknowledge"),
        ("Fair point, the last rollout cost you a quarter.", "acknowledge"),
        ("most CUs see handle time drop in the first 6 weeks", "pitch"),
        ("One district council cut its validation backlog from nine weeks to under two.", "pitch"),
        ("The platform reads claim documents, with accuracy the other vendor can't match.", "pitch"),
        ("I'd just point out that the claims team chose us because we're the best fit.", "pitch"),
        ("Let me play it back: branches first, then the call centre.", "summarize"),
        ("OK, let me recap. Your budget was cut to $400k and your CIO signs. Right?", "summarize"),
        (
            "makes sense. recap: march outage, a third of ur engineers' week on firefighting. tomás signs. right?",
            "summarize",
        ),
        ("what would have to be true for this to be worth a second conversation?", "criteria_question"),
        ("What are your hard requirements for anything in this category?", "criteria_question"),
        ("so whats happening to the loads in the meantime, are you brokering them out", "closed_question"),
        ("Which ERP, and is price the total contract or the year-one cost?", "closed_question"),
        ("what does that mean for the year if mobile gets to 1.5?", "impact_question"),
        ("How big is that in money terms?", "impact_question"),
        ("What has the incident rate done to your insurance premium?", "impact_question"),
        ("How has the drop affected your team?", "impact_question"),
        (
            "Where does all of this show up for you as CFO? I'm guessing it isn't only the billing team.",
            "impact_question",
        ),
        ("has that shown up in numbers anywhere? abandonment, lost loans etc", "impact_question"),
        ("hi rachel, 7 yrs + they pick up at midnight is great tbh, not here to knock them.", "acknowledge"),
        (
            "someone who picks up at midnight is rare, not trying to talk u out of that. what's made them good?",
            "acknowledge",
        ),
    ],
)
def test_sure_signs_of_a_move_in_casual_and_plain_words(text: str, move: str) -> None:
    assert move in analyse_moves(text).moves


@pytest.mark.parametrize(
    "text",
    ["when does the IT committee meet?", "is the board meeting on the 12th?", "I'll send a recap by Friday."],
)
def test_asking_about_the_buyers_calendar_is_no_sure_sign_of_a_meeting(text: str) -> None:
    assert not SURE_SIGNS["next_step"].search(language.plain(text))


@pytest.mark.parametrize(
    "text", ["let me recap the agenda real quick: 10 min on your setup, 15 on the demo.", "I'll send a quick recap."]
)
def test_a_recap_of_anything_but_what_was_heard_is_no_sure_sign_of_a_play_back(text: str) -> None:
    assert not SURE_SIGNS["summarize"].search(language.plain(text).strip())


def test_the_acknowledgement_quoted_is_the_sentence_that_acknowledges() -> None:
    """Where the model read the acknowledgement in the claim it also read as a pitch, the card quotes the sentence
    that acknowledges (whichever sentence the model scored highest)."""
    sentences = [
        "Thanks Owen, I understand.",
        "Utilities that stay with us usually see work orders closing twice as fast within a quarter.",
    ]
    analysis = MoveAnalysis(["acknowledge", "pitch"], {"acknowledge": sentences[1], "pitch": sentences[1]})
    quote_the_acknowledgement(analysis, sentences)
    assert analysis.evidence == {"acknowledge": sentences[0], "pitch": sentences[1]}


def test_the_acknowledgement_quoted_is_not_the_question_asked_after_it() -> None:
    """ "Hi Olivia, I understand. Is the budget completely frozen...?": the card quotes "I understand", not the
    question the model scored highest; a question that is the only sentence stays quoted."""
    sentences = ["Hi Olivia, I understand.", "Is the budget completely frozen, and who controls it?"]
    analysis = MoveAnalysis(["closed_question", "acknowledge"], {"acknowledge": sentences[1]})
    quote_the_acknowledgement(analysis, sentences)
    assert analysis.evidence["acknowledge"] == sentences[0]
    alone = ["That sounds exhausting, how is the team coping?"]
    analysis = MoveAnalysis(["open_question", "acknowledge"], {"acknowledge": alone[0]})
    quote_the_acknowledgement(analysis, alone)
    assert analysis.evidence["acknowledge"] == alone[0]
