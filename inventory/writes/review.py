"""Review: an admin verifies or rejects a self-reported figure."""

from __future__ import annotations

from sqlalchemy import Engine

from inventory.clock import Clock, utc_now
from inventory.enums import (
    AuditAction,
    ReviewStatus,
)
from inventory.models import (
    Figure,
    FigureReview,
)
from inventory.writes.core import (
    Actor,
    NotFound,
    _Ctx,
    _Problems,
    _text,
    _write,
)


def _review(
    engine: Engine, actor: Actor, figure_id: int, decision: ReviewStatus, reason: str | None, clock: Clock
) -> None:
    action = AuditAction.FIGURE_VERIFIED if decision is ReviewStatus.VERIFIED else AuditAction.FIGURE_REJECTED

    def work(ctx: _Ctx) -> None:
        scope = ctx.admin("review figures", operator=False)
        assert scope is not None and scope.organisation is not None
        figure = ctx.session.get(Figure, figure_id)
        if figure is None:
            raise NotFound(f"no figure #{figure_id}; nothing was written")
        problems = _Problems()
        why = _text(reason, "reason", problems, required=decision is ReviewStatus.REJECTED)
        if figure.review_status is None:
            problems.add("figure", "problem_not_reviewable", figure=figure.key)
        elif figure.review_status == decision.value:
            nl, en = decision.label("nl").lower(), decision.label("en").lower()
            problems.add("figure", "problem_already_decided", figure=figure.key, nl=nl, en=en)
        problems.raise_any()
        old = figure.review_status
        figure.review_status = decision.value
        ctx.session.add(
            FigureReview(
                figure_id=figure.id,
                decision=decision.value,
                reason=why,
                organisation=scope.organisation,
                decided_at=ctx.now,
            )
        )
        ctx.log(
            action,
            f"figure:{figure.key}",
            old={"review_status": old},
            new={"review_status": decision.value, "reason": why},
        )

    _write(engine, actor, action, f"figure:{figure_id}", work, clock)


def verify_figure(engine: Engine, actor: Actor, figure_id: int, *, clock: Clock = utc_now) -> None:
    """An administrator marks a self-reported figure as verified."""
    _review(engine, actor, figure_id, ReviewStatus.VERIFIED, None, clock)


def reject_figure(engine: Engine, actor: Actor, figure_id: int, reason: str, *, clock: Clock = utc_now) -> None:
    """An administrator rejects a self-reported figure; the reason is published with it."""
    _review(engine, actor, figure_id, ReviewStatus.REJECTED, reason, clock)
