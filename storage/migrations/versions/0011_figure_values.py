"""figure_values: the per-series summary that classifying a new figure reads

Revision ID: 0011_figure_values
Revises: 0010_perf_indexes

One row per distinct current observation of a series and period (storage/figure_values.py), so
storing an article reads a few rows per series however often the coverage repeated a number.
Filled from the figures an archive already holds by 0012; four indexes of `figures` that only
duplicated others (or served the look-up this table replaces) go.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_figure_values'
down_revision = '0010_perf_indexes'
branch_labels = None
depends_on = None

_REDUNDANT = {
    'ix_figures_article_id': ['article_id'],                  # ix_figures_article_current
    'ix_figures_series': ['series'],                          # ix_figures_series_period, _order
    'ix_figures_indicator': ['indicator'],                    # ix_figures_indicator_period
    'ix_figures_series_current': ['series', 'is_current', 'period', 'value', 'article_id'],
}


def upgrade() -> None:
    op.create_table(
        'figure_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_key', sa.String(length=40), nullable=False),
        sa.Column('series', sa.String(length=300), nullable=False),
        sa.Column('period_key', sa.String(length=40), nullable=True),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('approx', sa.String(length=20), nullable=True),
        sa.Column('tracking', sa.String(length=20), nullable=False),
        sa.Column('restated', sa.Boolean(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('last_id', sa.Integer(), nullable=False),
        sa.Column('last_article_id', sa.Integer(), nullable=False),
        sa.Column('last_order_key', sa.String(length=600), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('group_key'),
    )
    op.create_index('ix_figure_values_series_period', 'figure_values', ['series', 'period_key'], unique=False)
    # Indexes that are the prefix of another (or served only the look-up this table replaces): each
    # costs every stored figure a B-tree insert.
    with op.batch_alter_table('figures', schema=None) as batch_op:
        for name in _REDUNDANT:
            batch_op.drop_index(name)
    # Filled from the figures an archive holds by 0012 (which adds the columns today's code writes).


def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        for name, columns in _REDUNDANT.items():
            batch_op.create_index(name, columns, unique=False)
    op.drop_index('ix_figure_values_series_period', table_name='figure_values')
    op.drop_table('figure_values')
