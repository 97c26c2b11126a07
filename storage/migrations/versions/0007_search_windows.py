"""search windows: what the site search was asked for, so backfills resume and failures are retried

Revision ID: 0007_search_windows
Revises: 0006_search
"""
from alembic import op
import sqlalchemy as sa

revision = '0007_search_windows'
down_revision = '0006_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('keyword', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('fetched', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error_kind', sa.String(length=20), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'keyword', 'mode', 'start', 'end')
    )
    op.create_index('ix_search_windows_lookup', 'search_windows', ['source', 'keyword', 'mode', 'status'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_search_windows_lookup', table_name='search_windows')
    op.drop_table('search_windows')
