"""figures_waiting: late figures a crawl classifies together, every few thousand

Revision ID: 0013_figures_waiting
Revises: 0012_figure_firsts

A crawl goes newest first, so nearly every figure it stores is older than what its series holds.
Those figures are stored at once and classified together (storage/figures.py, FigureStore.settle)
every few thousand figures and when the crawl ends; the ids of those still waiting are kept here,
so that a crawl killed in between leaves nothing unclassified: the next one settles them first.
figure_values gets an index by series and latest figure: "does this series hold anything newer"
is one look-up, not a walk of every group of the series.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_figures_waiting'
down_revision = '0012_figure_firsts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('figures_waiting',
                    sa.Column('figure_id', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['figure_id'], ['figures.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('figure_id'))
    # Whether a series holds anything published after a new figure: one look-up of its latest group.
    op.create_index('ix_figure_values_series_last', 'figure_values', ['series', 'last_order_key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_figure_values_series_last', table_name='figure_values')
    op.drop_table('figures_waiting')
