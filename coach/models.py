"""The data model. Every row belongs to a Slack workspace (`team_id`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

mapper_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """The declarative base, spelled out so type checkers see a class (SQLAlchemy 1.4's documented form)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _team() -> Column:
    return Column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False, index=True)


class Workspace(Base):
    __tablename__ = "workspaces"
    team_id = Column(String(32), primary_key=True)
    name = Column(String(200), nullable=False, default="")
    # ISO weekday numbers (1 = Monday) that count as practice days.
    practice_days = Column(String(7), nullable=False, default="12345")
    retention_days = Column(Integer, nullable=True)  # transcripts older than this are deleted; None keeps them
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # When Spar was uninstalled (or its bot token revoked): scheduled jobs skip the workspace. A reinstall clears it.
    uninstalled_at = Column(DateTime(timezone=True), nullable=True)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("team_id", "slack_id"),)
    id = Column(Integer, primary_key=True)
    team_id = _team()
    slack_id = Column(String(32), nullable=False)
    name = Column(String(200), nullable=False, default="")
    email = Column(String(320), nullable=True)
    tz = Column(String(64), nullable=False, default="UTC")
    role = Column(String(16), nullable=False, default="rep")  # rep, manager or admin
    manager_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    practice_time = Column(String(5), nullable=True)  # HH:MM local for the daily micro-drill; None is 09:00
    hired_on = Column(Date, nullable=True)  # from the roster: new hires start easy
    last_micro_on = Column(Date, nullable=True)  # the rep's local date of the last micro-drill sent
    last_digest_on = Column(Date, nullable=True)  # a manager's local date of the last weekly digest
    digest_day = Column(Integer, nullable=True)  # the ISO weekday of a manager's weekly digest; None is Monday
    digest_on = Column(Boolean, nullable=False, default=True, server_default=true())  # False: no weekly digest
    practice_days = Column(String(7), nullable=True)  # the rep's own ISO weekdays; None follows the workspace
    reminder_time = Column(String(5), nullable=True)  # HH:MM local for the streak-at-risk reminder; None is 17:00
    last_reminder_on = Column(Date, nullable=True)  # the rep's local date of the last streak reminder

    manager = relationship("User", remote_side=[id])


@dataclass(slots=True)
class PersonRow:
    """What team views read of each person (`PERSON_COLUMNS`): a team of thousands is read many times faster as rows
    than as `User`s."""

    id: int
    team_id: str
    slack_id: str
    name: str
    tz: str
    practice_days: str | None


Person = User | PersonRow  # a team view reads either


PERSON_COLUMNS = tuple(getattr(User, field.name) for field in fields(PersonRow))


class PracticeSession(Base):
    __tablename__ = "practice_sessions"
    __table_args__ = (
        # Streaks, weekly progress and the team summary read a rep's completed sessions by time; kind, team_id, score
        # and useful ride along so their queries are answered from the index alone.
        Index(
            "ix_practice_sessions_user_status_completed",
            "user_id",
            "status",
            "completed_at",
            "kind",
            "team_id",
            "score",
            "useful",
            "id",  # the summary adds scores up in the order they were stored
        ),
    )
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(16), nullable=False)  # drill, interview, checklist, micro
    ref = Column(String(120), nullable=True)  # scenario, question or deal it was about
    status = Column(String(16), nullable=False, default="active")  # active, completed, abandoned
    score = Column(Float, nullable=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    completed_at = Column(DateTime(timezone=True), nullable=True)
    detail = Column(JSON, nullable=True)  # a drill's rubric results, for reports on skills
    useful = Column(Boolean, nullable=True)  # the rep's one-tap "was this useful?"

    turns = relationship("Turn", order_by="Turn.id", cascade="all, delete-orphan")
    skills = relationship("SessionSkill", cascade="all, delete-orphan")


class SessionSkill(Base):
    """A completed session's evidence on one skill (its credit, 0-1), kept beside the session so team reports add
    credits up in SQL rather than reading every session's rubric lines (`coach/practice/session_skills.py` keeps it
    in step with the session; it goes with the session)."""

    __tablename__ = "session_skills"
    __table_args__ = (
        # The team summary's queries are answered from this index alone.
        Index(
            "ix_session_skills_user_completed", "user_id", "completed_at", "skill", "credit", "team_id", "session_id"
        ),
        # A workspace's credits of an hour, for retention by week past the hours `skill_hours` adds up.
        Index("ix_session_skills_team_completed", "team_id", "completed_at", "credit", "user_id"),
    )
    id = Column(Integer, primary_key=True)
    team_id = Column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False)
    session_id = Column(Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    skill = Column(String(64), nullable=False)
    credit = Column(Float, nullable=False)
    completed_at = Column(DateTime(timezone=True), nullable=False)


class SkillHour(Base):
    """A workspace's skill credits of one hour (UTC): how many, and how many remembered (a credit of
    `coach.practice.memory.RECALLED` or more), so a team's retention by week adds up hours rather than credits.

    Kept by the database itself, with triggers on `session_skills` (migration 0016): however a credit is written or
    deleted, by a session, a cascade or a bulk delete, its hour follows. A change of RECALLED needs a migration."""

    __tablename__ = "skill_hours"
    team_id = Column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True)
    hour = Column(DateTime(timezone=True), primary_key=True)
    shown = Column(Integer, nullable=False)
    recalled = Column(Integer, nullable=False)


class Turn(Base):
    __tablename__ = "turns"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    session_id = Column(Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    speaker = Column(String(8), nullable=False)  # rep or coach
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Deal(Base):
    __tablename__ = "deals"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    owner_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    account = Column(String(200), nullable=False)
    buyer_name = Column(String(200), nullable=True)
    buyer_role = Column(String(64), nullable=True)
    stage = Column(String(64), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    stage_changes = relationship("DealStageChange", order_by="DealStageChange.id", cascade="all, delete-orphan")


class DealStageChange(Base):
    __tablename__ = "deal_stage_changes"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    deal_id = Column(Integer, ForeignKey("deals.id", ondelete="CASCADE"), nullable=False, index=True)
    from_stage = Column(String(64), nullable=True)
    to_stage = Column(String(64), nullable=False)
    changed_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class ChecklistRun(Base):
    __tablename__ = "checklist_runs"
    __table_args__ = (
        # A team summary reads its reps' debriefs of the period and weekly progress their checklists of the week.
        Index("ix_checklist_runs_user_completed", "user_id", "completed_at"),
        Index("ix_checklist_runs_user_planned", "user_id", "planned_at"),
    )
    id = Column(Integer, primary_key=True)
    team_id = _team()
    deal_id = Column(Integer, ForeignKey("deals.id", ondelete="CASCADE"), nullable=True, index=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    stage = Column(String(64), nullable=True)  # the buyer's stage; asked for when the deal has none
    call_at = Column(DateTime(timezone=True), nullable=True)
    planned_at = Column(DateTime(timezone=True), nullable=True)  # when the checklist was finished
    reminded_at = Column(DateTime(timezone=True), nullable=True)
    debrief_asked_at = Column(DateTime(timezone=True), nullable=True)
    answers = Column(JSON, nullable=False, default=dict)  # criterion id -> confirmed / unknown / not_met
    objective = Column(Text, nullable=True)
    backup_objective = Column(Text, nullable=True)
    outcome = Column(JSON, nullable=True)
    status = Column(String(16), nullable=False, default="open")  # open, planned, debriefed, abandoned
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    completed_at = Column(DateTime(timezone=True), nullable=True)


class BuddyPair(Base):
    __tablename__ = "buddy_pairs"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_a_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    user_b_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    user_c_id = Column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )  # an odd one out makes a trio
    status = Column(String(16), nullable=False, default="active")  # invited, active, declined, lapsed, ended
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    ended_at = Column(DateTime(timezone=True), nullable=True)
    review_asked_at = Column(DateTime(timezone=True), nullable=True)  # "keep going?" after two missed check-ins


class Commitment(Base):
    __tablename__ = "commitments"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", "week_start"),
        Index("ix_commitments_user_week", "user_id", "week_start"),  # weekly progress: a team's reps, this week
        # A large team's week (an admin's summary): its commitments read from the index alone.
        Index("ix_commitments_week", "week_start", "user_id", "drills", "interviews", "checklists"),
    )
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    week_start = Column(Date, nullable=False)  # the Monday of the week, in the rep's time zone
    drills = Column(Integer, nullable=False, default=0)
    interviews = Column(Integer, nullable=False, default=0)
    checklists = Column(Integer, nullable=False, default=0)
    text = Column(Text, nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("pair_id", "user_id", "week_start", "kind", name="uq_checkins_once"),)
    id = Column(Integer, primary_key=True)
    team_id = _team()
    pair_id = Column(Integer, ForeignKey("buddy_pairs.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    week_start = Column(Date, nullable=False)
    kind = Column(String(16), nullable=False)  # midweek or weekend
    status = Column(String(16), nullable=False, default="sent")  # sent, answered, missed
    sent_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    answered_at = Column(DateTime(timezone=True), nullable=True)


class ProcessedEvent(Base):
    """Slack event ids already handled: a retried delivery changes nothing."""

    __tablename__ = "processed_events"
    event_id = Column(String(64), primary_key=True)
    team_id = _team()
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class InboundMessage(Base):
    """Every message a user typed, kept before any processing so nothing is lost."""

    __tablename__ = "inbound_messages"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_slack_id = Column(String(32), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    text = Column(Text, nullable=False)
    source = Column(String(16), nullable=False, default="message")  # message, command, action
    event_id = Column(String(64), nullable=True, unique=True)
    status = Column(String(16), nullable=False, default="received")  # received, processed, pending, replaying
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    processed_at = Column(DateTime(timezone=True), nullable=True)
    replaying_since = Column(DateTime(timezone=True), nullable=True)  # when a bot claimed it for replay


class SkillMemory(Base):
    """Per rep and skill, an FSRS card: how well the skill is held, and when it is due again."""

    __tablename__ = "skill_memories"
    __table_args__ = (
        UniqueConstraint("user_id", "skill"),
        # A team summary's skills due and slipping are answered from this index alone.
        Index("ix_skill_memories_user_due", "user_id", "due_at", "updated_at", "stability", "skill"),
    )
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    skill = Column(String(64), nullable=False)
    card = Column(JSON, nullable=False)  # fsrs.Card.to_dict()
    due_at = Column(DateTime(timezone=True), nullable=False, index=True)
    reviews = Column(Integer, nullable=False, default=0)
    last_credit = Column(Float, nullable=True)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)  # the last review (the card's)
    stability = Column(Float, nullable=True)  # the card's, for reports that work retrievability out in SQL


class StreakMark(Base):
    """Where a rep's streak stood at the end of a past local day, so a team view walks only the days since
    (`coach/practice/streak_marks.py` writes it when a session is completed, and drops it when what it was counted
    from changes: a session on or before its day, a pause, the rep's time zone or practice days)."""

    __tablename__ = "streak_marks"
    __table_args__ = (Index("ix_streak_marks_team_id", "team_id"),)  # a workspace's practice days change: all go
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id = Column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False)
    day = Column(Date, nullable=False)  # the rep's local day it counts through
    until = Column(DateTime(timezone=True), nullable=False)  # when that day ended: practice from then on is read
    streak = Column(Integer, nullable=False)
    earning = Column(Integer, nullable=False)  # practice days in a row toward the next freeze
    freezes = Column(Integer, nullable=False)
    last_practice = Column(Date, nullable=True)  # the last practice day up to `day`


class PracticePause(Base):
    """A rep's pause (a vacation): no micro-drills, and the days do not break the streak."""

    __tablename__ = "practice_pauses"
    id = Column(Integer, primary_key=True)
    team_id = _team()
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    starts_on = Column(Date, nullable=False)
    ends_on = Column(Date, nullable=True)  # None while the pause lasts
