"""Review: an admin verifies or rejects a self-reported figure, named by its key.

A decision starts from the review status the admin saw (`seen_status`, pending for the queue)
and is stored only if the figure still has it: a conditional UPDATE inside the write's
transaction, so of two admins deciding the same figure at once exactly one decision is stored,
on SQLite and on PostgreSQL with several processes alike, and the other is told who decided."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select, update

from inventory.clock import Clock, as_utc, utc_now
from inventory.enums import (
    AuditAction,
    ReviewStatus,
)
from inventory.models import (
    Figure,
    FigureReview,
)
from inventory.review_queue import already_text, figure_label
from inventory.values import QValue
from inventory.writes.core import (
    Actor,
    NotFound,
    WriteError,
    _Ctx,
    _Problems,
    _text,
    _write,
)


class AlreadyReviewed(WriteError):
    """Someone decided the figure since the admin's view was loaded; nothing was written. Names
    the deciding organisation (what the project publishes), never a person."""

    def __init__(
        self, labels: dict[str, str], organisation: str, decision: str, decided_at: dt.datetime, key: str
    ) -> None:
        self.labels, self.organisation, self.decision, self.decided_at, self.key = (
            labels,
            organisation,
            decision,
            as_utc(decided_at),
            key,
        )
        super().__init__(f"{self.text('en')} ({key})")

    def text(self, lang: str = "nl") -> str:
        return already_text(self.labels[lang], self.organisation, self.decision, self.decided_at, lang)


def _find(ctx: _Ctx, figure: str | int) -> Figure:
    if isinstance(figure, str):
        found = ctx.session.scalar(select(Figure).where(Figure.key == figure.strip()))
    else:
        found = ctx.session.get(Figure, figure)
    if found is None:
        raise NotFound(f"no figure {figure!r}; nothing was written")
    return found


def _already(ctx: _Ctx, figure: Figure, seen: ReviewStatus) -> AlreadyReviewed:
    review = ctx.session.scalars(
        select(FigureReview)
        .where(FigureReview.figure_id == figure.id)
        .order_by(FigureReview.decided_at.desc(), FigureReview.id.desc())
    ).first()
    value = QValue.of(figure.qualifier, figure.value, figure.value_low, figure.value_high)
    labels = {lang: figure_label(figure.metric, value, figure.period_end, lang) for lang in ("nl", "en")}
    if review is None:  # a status the caller did not see, without a decision behind it
        raise NotFound(f"figure {figure.key} is {figure.review_status}, not {seen.value}; nothing was written")
    return AlreadyReviewed(labels, review.organisation, review.decision, review.decided_at, figure.key)


def _review(
    engine: Engine,
    actor: Actor,
    figure_ref: str | int,
    decision: ReviewStatus,
    reason: str | None,
    seen_status: ReviewStatus | str,
    clock: Clock,
) -> None:
    action = AuditAction.FIGURE_VERIFIED if decision is ReviewStatus.VERIFIED else AuditAction.FIGURE_REJECTED
    seen = ReviewStatus(seen_status)

    def work(ctx: _Ctx) -> None:
        scope = ctx.admin("review figures", operator=False)
        assert scope is not None and scope.organisation is not None
        figure = _find(ctx, figure_ref)
        problems = _Problems()
        why = _text(reason, "reason", problems, required=decision is ReviewStatus.REJECTED)
        if figure.review_status is None:
            problems.add("figure", "problem_not_reviewable", figure=figure.key)
        elif figure.review_status == decision.value:
            nl, en = decision.label("nl").lower(), decision.label("en").lower()
            problems.add("figure", "problem_already_decided", figure=figure.key, nl=nl, en=en)
        elif figure.review_status != seen.value:
            raise _already(ctx, figure, seen)
        newer = ctx.session.scalar(select(Figure.key).where(Figure.supersedes_id == figure.id))
        if newer is not None and figure.review_status is not None:
            # Only the newest entry of a reference date is decided: the older one is not public.
            problems.add("figure", "problem_superseded", figure=figure.key, newer=newer)
        problems.raise_any()
        # Compare-and-set: holds without the data-version lock too (a row lock on PostgreSQL).
        stored = ctx.session.execute(
            update(Figure)
            .where(Figure.id == figure.id, Figure.review_status == seen.value)
            .values(review_status=decision.value)
            .execution_options(synchronize_session=False)
        )
        if stored.rowcount != 1:  # type: ignore[attr-defined]
            ctx.session.expire(figure)
            raise _already(ctx, figure, seen)
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
            old={"review_status": seen.value},
            new={"review_status": decision.value, "reason": why},
        )

    _write(engine, actor, action, f"figure:{figure_ref}", work, clock)


def verify_figure(
    engine: Engine,
    actor: Actor,
    figure: str | int,
    *,
    seen_status: ReviewStatus | str = ReviewStatus.PENDING,
    clock: Clock = utc_now,
) -> None:
    """An administrator marks a self-reported figure (its key; an id from tests and scripts) as
    verified. Refused when it no longer has `seen_status`, or a newer entry supersedes it."""
    _review(engine, actor, figure, ReviewStatus.VERIFIED, None, seen_status, clock)


def reject_figure(
    engine: Engine,
    actor: Actor,
    figure: str | int,
    reason: str,
    *,
    seen_status: ReviewStatus | str = ReviewStatus.PENDING,
    clock: Clock = utc_now,
) -> None:
    """An administrator rejects a self-reported figure; the reason is published with it."""
    _review(engine, actor, figure, ReviewStatus.REJECTED, reason, seen_status, clock)
