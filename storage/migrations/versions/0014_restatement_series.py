"""A number without a catalog indicator is recognised when restated in other words

Revision ID: 0014_restatement_series
Revises: 0013_figures_waiting

A figure without a catalog indicator that is precise enough to be recognised by itself (a place, a
period, two significant digits or more — three for a count —, not a rate or a share) now has the
series of its restatements — region, unit, kind, aggregation, status and the number's size —
instead of its subject's words, so 1532家 repeats "1,532 enterprises" of an earlier article
(storage.tracking.restatement_key).  Those figures' series keys are recomputed, a few thousand rows
at a time, and all tracking is replayed from scratch.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_restatement_series'
down_revision = '0013_figures_waiting'
branch_labels = None
depends_on = None

_CHUNK = 5000
_FIGURES = sa.table("figures", *(sa.column(c) for c in (
    "id", "series", "indicator", "subject", "region", "unit", "kind", "aggregation", "status", "quote",
    "sentence", "value", "period")))


def _rekey(columns, where, key_of) -> None:
    """Recompute the series of the figures *where* selects, by id, _CHUNK rows at a time."""
    bind = op.get_bind()
    f = _FIGURES.c
    update = _FIGURES.update().where(f.id == sa.bindparam("fid")).values(series=sa.bindparam("key"))
    last = 0
    while True:
        rows = bind.execute(sa.select(f.id, f.series, *(f[c] for c in columns))
                            .where(f.id > last, where).order_by(f.id).limit(_CHUNK)).all()
        if not rows:
            break
        last = rows[-1].id
        changed = [{"fid": r.id, "key": key} for r in rows if (key := key_of(r)) != r.series]
        if changed:
            bind.execute(update, changed)
    from sqlalchemy.orm import Session

    from storage.figures import FigureStore
    session = Session(bind=bind)
    FigureStore(session).replay_all()          # every class from scratch, then the summary anew
    session.flush()


def upgrade() -> None:
    from storage.tracking import restatement_key, series_key
    f = _FIGURES.c

    def key_of(r):
        if restatement_key(r.region or "", r.unit, r.kind, r.aggregation, r.status, r.value, r.quote, r.period) is None:
            return r.series              # (its key is its subject's, as before)
        return series_key(None, None, r.region, r.unit, kind=r.kind, aggregation=r.aggregation, status=r.status,
                          quote=r.quote, value=r.value, period=r.period)
    _rekey(("region", "unit", "kind", "aggregation", "status", "quote", "value", "period"),
           sa.and_(f.indicator.is_(None), f.region.is_not(None), f.period.is_not(None)), key_of)


def downgrade() -> None:
    from storage.tracking import series_key
    f = _FIGURES.c
    _rekey(("subject", "region", "unit", "kind", "aggregation", "status", "quote", "sentence"),
           sa.and_(f.indicator.is_(None), f.series.like("~=%")),
           lambda r: series_key(None, r.subject, r.region, r.unit, kind=r.kind, aggregation=r.aggregation,
                                status=r.status, quote=r.quote, sentence=r.sentence))
