"""Deals: the account a rep sells to, the buyer, and the buyer's stage with its history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.models import Deal, DealStageChange, User, utcnow


def find_deal(session: Session, user: User, account: str) -> Deal | None:
    return session.scalars(
        select(Deal)
        .where(Deal.team_id == user.team_id, Deal.owner_id == user.id, func.lower(Deal.account) == account.lower())
        .order_by(Deal.id.desc())
    ).first()


def find_or_create_deal(session: Session, user: User, account: str) -> Deal:
    """The rep's deal with this account (names compared without case), created on first mention."""
    account = " ".join(account.split())[:200]
    deal = find_deal(session, user, account)
    if deal is None:
        deal = Deal(team_id=user.team_id, owner_id=user.id, account=account)
        session.add(deal)
        session.flush()
    return deal


def move_deal(deal: Deal, stage: str, now: datetime | None = None) -> None:
    """Set the buyer's stage, keeping the history of changes."""
    if deal.stage == stage:
        return
    deal.stage_changes.append(
        DealStageChange(team_id=deal.team_id, from_stage=deal.stage, to_stage=stage, changed_at=now or utcnow())
    )
    deal.stage = stage
