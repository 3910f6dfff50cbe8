"""The manager's team summary, on request ("how's my team doing?", `/spar team [week|month]`), and `/spar team add
@rep` (the slash command sends the reps as `user` entities and the period as `period`). The summary's first page
travels as Block Kit in a custom payload, with the CSV file and the heatmaps' data."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, entity_values, words, workspace_and_user
from coach.reports.handlers import TeamRequest, add_to_my_team, read_team_request, team_report
from coach.reports.heatmap import HEATMAP
from coach.reports.summary_pages import SUMMARY


def asked_of_team(tracker: Tracker) -> TeamRequest:
    """What the message asks: the entities a slash command sent, else what the manager's own words say. A `user`
    entity sent empty means "add" naming nobody."""
    users, period = entity_values(tracker, "user"), entity(tracker, "period")
    if users is None and period is None:
        return read_team_request(words(tracker))
    return TeamRequest(tuple(u for u in users if u) if users is not None else None, period or "week")


class ActionTeamSummary(Action):
    def name(self) -> str:
        return "action_team_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        team_id, user_id = workspace_and_user(tracker)
        asked = asked_of_team(tracker)
        if asked.add is not None:
            dispatcher.utter_message(text=add_to_my_team(team_id, user_id, asked.add))
            return []
        report = team_report(team_id, user_id, asked.period)
        if report.page is None:
            dispatcher.utter_message(text=report.text)
            return []
        # The bot posts the page's blocks, then uploads the CSV (past one page) and draws and uploads the pictures.
        summary = {**report.page, "csv": report.csv, "csv_name": report.csv_name}
        dispatcher.utter_message(json_message={SUMMARY: summary, HEATMAP: report.heatmaps})
        return []
