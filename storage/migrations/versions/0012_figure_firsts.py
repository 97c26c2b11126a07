"""figure_values keeps the earliest figure of each group; retired figures get a partial index

Revision ID: 0012_figure_firsts
Revises: 0011_figure_values

An article older than what its series holds (a crawl goes newest first, a backfill goes back in
time) is classified from the first occurrence of each distinct value of the series, which the
summary now names (storage/figures.py, the late path); a series an edit touched is still replayed
whole, found through a partial index of the few figures an edit retired.  Stocks at the end of
March, June and September get their month as period key (they were the quarter's or half's).
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_figure_firsts'
down_revision = '0011_figure_values'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figure_values', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_article_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_order_key', sa.String(length=600), nullable=True))
    op.create_index('ix_figures_series_retired', 'figures', ['series'], unique=False,
                    sqlite_where=sa.text('is_current = 0'), postgresql_where=sa.text('is_current = false'))
    # A stock at the end of March, June or September is that month's, no longer the quarter's or
    # half-year's (storage.tracking.period_key): the keys are recomputed and tracking replayed.
    for day in ('03-31', '06-30', '09-30'):
        op.execute(sa.text("UPDATE figures SET period_key = substr(period, 1, 7) "
                           "WHERE period LIKE :day AND length(period) = 10").bindparams(day=f'%-{day}'))
    from sqlalchemy.orm import Session

    from storage.figures import FigureStore
    session = Session(bind=op.get_bind())
    FigureStore(session).replay_all(waiting=False)        # every class from scratch, then the summary anew
    session.flush()


def downgrade() -> None:
    op.drop_index('ix_figures_series_retired', table_name='figures')
    with op.batch_alter_table('figure_values', schema=None) as batch_op:
        batch_op.drop_column('first_order_key')
        batch_op.drop_column('first_article_id')
        batch_op.drop_column('first_id')
