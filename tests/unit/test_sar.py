"""SAR/STAR analysis (docs/scoring.md section 1): labels, ownership, score bounds, evidence and probes."""

from __future__ import annotations

import json

import pytest

from coach.interviews.sar import analyse_sar, rule_sentences
from tests.cli import run_spar
from tests.processes import ROOT

FLOORS = {"situation": 0.90, "action": 0.90, "result": 0.90, "quantified_result": 0.85, "task": 0.85, "learning": 0.85}
CHECK_SETS = {
    "dev set": ROOT / "nlu" / "dev_sets" / "sar_answers.yml",
    "calibration samples (held out)": ROOT / "data" / "content" / "interview" / "calibration.yml",
}
STRONG = (
    "Last spring our largest renewal, a hospital group, was at risk because their new CIO wanted to consolidate "
    "vendors. My job was to keep the account. I met the CIO within a week, mapped every workflow we supported, and "
    "showed him the cost of switching. They renewed for three years at $540k, and I learned to meet new executives "
    "in their first month."
)


@pytest.mark.parametrize("name", CHECK_SETS)
def test_labels_reach_the_issue_floors(name: str) -> None:
    result = run_spar("eval", "sar", str(CHECK_SETS[name]), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    # The held-out calibration samples are 13 answers (3 or 4 of a label): one answer more or less, as a reader
    # trained on another CPU may give, moves a label's F1 by 0.1 or more, so it is held to its macro F1 instead.
    floors = FLOORS if name == "dev set" else dict.fromkeys(FLOORS, 0.75)
    for label, floor in floors.items():
        assert report["labels"][label]["f1"] >= floor, (label, report["labels"][label])
    assert name == "dev set" or report["macro_f1"] >= 0.90
    assert report["ownership_accuracy"] >= 0.85


def test_a_full_answer_scores_high_with_evidence_and_no_story_probe() -> None:
    analysis = analyse_sar(STRONG)
    assert analysis.score >= 90 and analysis.ownership == "i"
    assert analysis.evidence["quantified_result"].startswith("They renewed for three years at $540k")
    assert analysis.evidence["situation"].startswith("Last spring our largest renewal")
    assert analysis.missing == [] and analysis.probes == []


def test_an_answer_without_a_result_is_probed_for_it() -> None:
    analysis = analyse_sar(
        "Last year a bank stalled on our proposal. I called their CFO and rebuilt the business case."
    )
    assert analysis.action and not analysis.result
    assert analysis.probes[0] == "How did it turn out in the end?"
    assert analysis.score < analyse_sar(STRONG).score


def test_a_hypothetical_answer_is_told_it_needs_a_real_example() -> None:
    analysis = analyse_sar("I would ask what they are comparing us to, and I'd walk them through the cost of waiting.")
    assert analysis.hypothetical and not analysis.action and analysis.ownership == "none"
    assert analysis.score <= 20
    assert "specific time it actually happened" in analysis.probes[0]


def test_a_story_told_as_we_asks_what_you_did() -> None:
    analysis = analyse_sar(
        "In May we had a deal stuck in legal. We set up a call with their counsel, we offered a liability cap and "
        "we sent a close plan. They signed two weeks later."
    )
    assert analysis.ownership == "we" and analysis.pronouns["we"] > analysis.pronouns["i"]
    assert analysis.probes[0] == "You said 'we' a lot: what did you do yourself?"
    assert "you said 'I' 0 times and 'we' 4 times" in analysis.feedback


def test_the_rules_read_a_number_in_the_actions_as_no_quantified_result() -> None:
    """The rules' side only: where the dev split makes the policy "either", the model can still call it quantified."""
    booked = rule_sentences("I booked 20 minutes with their CFO, walked her through the payback and she approved it.")
    assert "result" in booked[0].parts and booked[0].numbered and not booked[0].numbered_result
    signed = rule_sentences("I walked her through the payback and she approved the $40k.")
    assert signed[0].numbered_result


def test_score_bounds_from_the_scoring_contract() -> None:
    minimal_strong = analyse_sar("In 2023 I rebuilt the pricing for a retailer and they signed at $80k.")
    assert (minimal_strong.situation, minimal_strong.action, minimal_strong.quantified_result) == (True, True, True)
    assert minimal_strong.ownership == "i" and minimal_strong.score >= 80
    nothing = analyse_sar("I always follow up quickly and I believe in relationships. Lesson: listen more.")
    assert not (nothing.situation or nothing.action or nothing.result) and nothing.score <= 20


def test_score_sar_reads_stdin_and_prints_one_json_object() -> None:
    result = run_spar("score", "sar", stdin=STRONG)
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["situation"] and analysis["quantified_result"] and analysis["score"] >= 90


def test_score_sar_with_nothing_on_stdin_says_so() -> None:
    result = run_spar("score", "sar", stdin="  \n")
    assert result.returncode == 2 and "give the answer to score on standard input" in result.stderr


def test_caps_a_hiring_manager_would_apply() -> None:
    assert analyse_sar("I called the CFO and we closed it.").score <= 40  # a one-line story
    rambling = (
        "Communication is really key in sales. You have to listen to people and build relationships, that matters "
        "most. Everyone should always follow up, and a good plan helps the whole team."
    )
    assert analyse_sar(rambling).score <= 20  # no situation, action or result
    told_as_we = (
        "Last year we had a stalled $300k deal at a freight company. We mapped their approval path. We met the CFO "
        "twice. We rebuilt the business case. We won it in June, 20% above plan."
    )
    told_as_i = told_as_we.replace("We ", "I ").replace(" we ", " I ")
    assert analyse_sar(told_as_i).score - analyse_sar(told_as_we).score >= 20  # "we" hides what they did


@pytest.mark.parametrize(
    "lesson",
    [
        "Since then I send the paper right after the first demo, so legal sees it early.",
        "These days I always ask finance what they are trying to achieve, not just engineering.",
        "Never again, I went to the agricultural shows instead.",
    ],
)
def test_what_the_candidate_does_differently_since_is_a_lesson(lesson: str) -> None:
    story = (
        "Last spring a dental group with fourteen clinics was in commit for June. I chased their lawyer every week, "
        "but the contract slipped and we closed it in August. " + lesson
    )
    analysis = analyse_sar(story)
    assert analysis.learning and analysis.evidence["learning"] == lesson


@pytest.mark.parametrize(
    "brief",
    [
        "I needed legal to turn the contract round in two days.",
        "My number was four hundred thousand in new business that year.",
        "It was my deal, and my manager wanted it in commit.",
        "It landed on me to figure out whether we could do it at all.",
    ],
)
def test_the_candidates_own_brief_said_outright_is_the_task(brief: str) -> None:
    story = (
        "Last spring a dental group with fourteen clinics was about to sign with us. " + brief + " I booked a call "
        "with their lawyer and walked her through every clause. They signed two weeks later."
    )
    analysis = analyse_sar(story)
    assert analysis.task and analysis.evidence["task"] == brief
