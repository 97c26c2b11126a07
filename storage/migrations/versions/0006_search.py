"""full-text index of articles (FTS5 on SQLite, tsvector + GIN on PostgreSQL), built for existing archives

Revision ID: 0006_search
Revises: 0009
"""
from alembic import op

from storage.search_index import create_index, drop_index, rebuild_index

revision = '0006_search'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    create_index(conn)
    rebuild_index(conn)


def downgrade() -> None:
    drop_index(op.get_bind())
