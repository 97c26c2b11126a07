"""figures_waiting: late figures a crawl classifies together, every few thousand

Revision ID: 0013_figures_waiting
Revises: 0012_figure_firsts

A crawl goes newest first, so nearly every figure it stores is older than what its series holds.
Those figures are stored at once and classified together (storage/figures.py, FigureStore.settle)
every few thousand figures and when the crawl ends; the ids of those still waiting are kept here,
so that a crawl killed in between leaves nothing unclassified: the next one settles them first.
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


def downgrade() -> None:
    op.drop_table('figures_waiting')
