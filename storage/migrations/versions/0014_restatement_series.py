"""A number without a catalog indicator is recognised when restated in other words

Revision ID: 0014_restatement_series
Revises: 0013_figures_waiting

A figure without a catalog indicator that is precise enough to be recognised by itself (a place, a
period, two significant digits or more — three for a count —, not a rate or a share) now has the series of its
restatements — region, unit, kind, aggregation, status and the number's size — instead of its
subject's words, so 1532家 repeats "1,532 enterprises" of an earlier article
(storage.tracking.restatement_key).  Series keys of such figures are recomputed and all tracking is
replayed from scratch.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_restatement_series'
down_revision = '0013_figures_waiting'
branch_labels = None
depends_on = None

_COLUMNS = ("id", "series", "subject", "region", "unit", "kind", "aggregation", "status", "quote", "sentence",
            "value", "period")


def _rekey(key_of) -> None:
    bind = op.get_bind()
    figures = sa.table("figures", *(sa.column(c) for c in _COLUMNS + ("indicator",)))
    rows = bind.execute(sa.select(*(figures.c[c] for c in _COLUMNS)).where(figures.c.indicator.is_(None))).all()
    changed = []
    for r in rows:
        key = key_of(r)
        if key != r.series:
            changed.append({"fid": r.id, "key": key})
    if changed:
        bind.execute(figures.update().where(figures.c.id == sa.bindparam("fid")).values(series=sa.bindparam("key")),
                     changed)
    from sqlalchemy.orm import Session

    from storage.figures import FigureStore
    session = Session(bind=bind)
    FigureStore(session).replay_all()          # every class from scratch, then the summary anew
    session.flush()


def upgrade() -> None:
    from storage.tracking import series_key
    _rekey(lambda r: series_key(None, r.subject, r.region, r.unit, kind=r.kind, aggregation=r.aggregation,
                                status=r.status, quote=r.quote, sentence=r.sentence, value=r.value,
                                period=r.period))


def downgrade() -> None:
    from storage.tracking import series_key
    _rekey(lambda r: series_key(None, r.subject, r.region, r.unit, kind=r.kind, aggregation=r.aggregation,
                                status=r.status, quote=r.quote, sentence=r.sentence))
