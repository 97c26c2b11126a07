"""figures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:24:16.770204
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('series', sa.String(length=300), nullable=False),
    sa.Column('indicator', sa.String(length=100), nullable=True),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('measure_word', sa.String(length=20), nullable=True),
    sa.Column('approx', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=True),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('tracking', sa.String(length=20), nullable=False),
    sa.Column('previous_value', sa.Float(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_first_seen_at'), ['first_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_indicator'), ['indicator'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_is_current'), ['is_current'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_series'), ['series'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_tracking'), ['tracking'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_tracking'))
        batch_op.drop_index(batch_op.f('ix_figures_series'))
        batch_op.drop_index(batch_op.f('ix_figures_revision_id'))
        batch_op.drop_index(batch_op.f('ix_figures_is_current'))
        batch_op.drop_index(batch_op.f('ix_figures_indicator'))
        batch_op.drop_index(batch_op.f('ix_figures_first_seen_at'))
        batch_op.drop_index(batch_op.f('ix_figures_article_id'))

    op.drop_table('figures')
