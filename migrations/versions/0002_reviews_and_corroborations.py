"""reviews and corroborations

Revision ID: 0829092c9c4f
Revises: 590177514fd2
Create Date: 2026-11-25 06:26:13.630809

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0829092c9c4f'
down_revision = '590177514fd2'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('overrides', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('submit', 'approve', 'request_changes')", name=op.f('ck_review_decision')),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_review_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_article_id'), ['article_id'], unique=False)

    op.create_table('corroboration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attribution_id', sa.Integer(), nullable=False),
    sa.Column('corroborating_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attribution_id <> corroborating_id', name=op.f('ck_corroboration_not_self')),
    sa.ForeignKeyConstraint(['attribution_id'], ['attribution.id'], name=op.f('fk_corroboration_attribution_id_attribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corroborating_id'], ['attribution.id'], name=op.f('fk_corroboration_corroborating_id_attribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_corroboration_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corroboration')),
    sa.UniqueConstraint('attribution_id', 'corroborating_id', name='uq_corroboration_pair')
    )
    with op.batch_alter_table('corroboration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corroboration_attribution_id'), ['attribution_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('corroboration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corroboration_attribution_id'))

    op.drop_table('corroboration')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_article_id'))

    op.drop_table('review')
    
