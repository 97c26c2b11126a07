"""indexes that keep storing an article as cheap at 100k articles as at 1k

Revision ID: 0010_perf_indexes
Revises: 0007_search_windows

`ix_figures_is_current` (a boolean: nearly every row matches) led SQLite's planner, which has no
statistics, to answer both per-article figure queries by walking every current figure of the
archive: the UPDATE of `is_current` for one article and the look-up of a series' known
observations. Composite indexes give both queries an equality on a selective column first, and
the boolean index goes.
"""
from alembic import op

revision = '0010_perf_indexes'
down_revision = '0007_search_windows'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_is_current')
        # (ix_figures_article_current, for UPDATE figures SET is_current … WHERE article_id = ?, comes with 0009)
        # The known observations of the series a new revision touches: covering (no table look-up).
        batch_op.create_index('ix_figures_series_current', ['series', 'is_current', 'period', 'value', 'article_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_series_current')
        batch_op.create_index('ix_figures_is_current', ['is_current'], unique=False)
