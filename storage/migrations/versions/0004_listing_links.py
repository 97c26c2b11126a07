"""listing pages remember their article links, so a 304 still lets unfinished links be fetched

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('page_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('links', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('page_states', schema=None) as batch_op:
        batch_op.drop_column('links')
