"""figure_values keeps the earliest figure of each group; retired figures get a partial index

Revision ID: 0012_figure_firsts
Revises: 0011_figure_values

An article older than what its series holds (a crawl goes newest first, a backfill goes back in
time) is classified from the first occurrence of each distinct value of the series, which the
summary now names (storage/figures.py, the late path); a series an edit touched is still replayed
whole, found through a partial index of the few figures an edit retired.
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
    from sqlalchemy.orm import Session

    from storage.figure_values import FigureValues
    session = Session(bind=op.get_bind())
    FigureValues(session).rebuild()
    session.flush()


def downgrade() -> None:
    op.drop_index('ix_figures_series_retired', table_name='figures')
    with op.batch_alter_table('figure_values', schema=None) as batch_op:
        batch_op.drop_column('first_order_key')
        batch_op.drop_column('first_article_id')
        batch_op.drop_column('first_id')
