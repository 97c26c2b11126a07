"""figure attribution and publication-order tracking: aggregation, status, basis, period and order keys

Existing figures get their period key, order key and series (indicator@region) computed, and all
tracking is replayed in publication order (storage/tracking.py).

Revision ID: 0009
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aggregation', sa.String(length=20), nullable=False, server_default='level'))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='actual'))
        batch_op.add_column(sa.Column('basis', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('period_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('order_key', sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column('previous_figure_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('restated', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('period_inferred', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_figures_article_current', ['article_id', 'is_current'], unique=False)
        batch_op.create_index('ix_figures_indicator_period', ['indicator', 'period_key'], unique=False)
        # Classifying a new figure reads the periods it names and what came after it, per series.
        batch_op.create_index('ix_figures_series_period', ['series', 'period_key'], unique=False)
        batch_op.create_index('ix_figures_series_order', ['series', 'order_key'], unique=False)
    _backfill()


def _backfill() -> None:
    from sqlalchemy.orm import Session

    from storage.figures import FigureStore
    from storage.tracking import order_key, period_key

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT f.id, f.period, f.indicator, f.region, f.span_start, a.published_at, a.url "
        "FROM figures f JOIN articles a ON a.id = f.article_id")).fetchall()
    if not rows:
        return
    for r in rows:
        published = r.published_at
        if isinstance(published, str):
            from datetime import datetime
            published = datetime.fromisoformat(published)
        values = {"id": r.id, "pk": period_key(r.period), "ok": order_key(published, r.url, r.span_start)}
        if r.indicator:
            values["series"] = f"{r.indicator}@{r.region}" if r.region else r.indicator
            bind.execute(sa.text("UPDATE figures SET period_key = :pk, order_key = :ok, series = :series "
                                 "WHERE id = :id"), values)
        else:
            bind.execute(sa.text("UPDATE figures SET period_key = :pk, order_key = :ok WHERE id = :id"), values)
    session = Session(bind=bind)
    FigureStore(session, summary=False).replay_all(waiting=False)     # (figure_values comes with 0011)
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_series_order')
        batch_op.drop_index('ix_figures_series_period')
        batch_op.drop_index('ix_figures_indicator_period')
        batch_op.drop_index('ix_figures_article_current')
        for name in ('period_inferred', 'restated', 'previous_figure_id', 'order_key', 'period_key', 'basis', 'status', 'aggregation'):
            batch_op.drop_column(name)
