"""initial schema: users, articles, attributions, speakers, audit events

Revision ID: 590177514fd2
Revises: 
Create Date: 2026-11-25 06:17:10.343767

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '590177514fd2'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('speaker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('speaker_type', sa.String(length=20), nullable=True),
    sa.Column('affiliation', sa.String(length=300), nullable=True),
    sa.Column('role', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker')),
    sa.UniqueConstraint('name', name=op.f('uq_speaker_name'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('editor', 'reviewer', 'admin')", name=op.f('ck_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_token_hash')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('byline', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('collection', sa.String(length=200), nullable=True),
    sa.Column('review_state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("review_state IN ('draft', 'in_review', 'approved', 'changes_requested')", name=op.f('ck_article_review_state')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_article_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article'))
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_collection'), ['collection'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_text_hash'), ['text_hash'], unique=False)

    op.create_table('attribution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('content_start', sa.Integer(), nullable=False),
    sa.Column('content_end', sa.Integer(), nullable=False),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('source_start', sa.Integer(), nullable=True),
    sa.Column('source_end', sa.Integer(), nullable=True),
    sa.Column('anonymity_reason_start', sa.Integer(), nullable=True),
    sa.Column('anonymity_reason_end', sa.Integer(), nullable=True),
    sa.Column('speaker', sa.String(length=300), nullable=True),
    sa.Column('speaker_id', sa.Integer(), nullable=True),
    sa.Column('speaker_type', sa.String(length=20), nullable=True),
    sa.Column('affiliation', sa.String(length=300), nullable=True),
    sa.Column('role', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=True),
    sa.Column('credibility', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('confidence', sa.Double(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("credibility IN ('unverified', 'corroborated', 'disputed')", name=op.f('ck_attribution_credibility')),
    sa.CheckConstraint("kind IN ('direct', 'mixed', 'indirect')", name=op.f('ck_attribution_kind')),
    sa.CheckConstraint("origin IN ('model', 'editor')", name=op.f('ck_attribution_origin')),
    sa.CheckConstraint("state IN ('suggested', 'accepted', 'rejected', 'edited')", name=op.f('ck_attribution_state')),
    sa.CheckConstraint('(anonymity_reason_start IS NULL) = (anonymity_reason_end IS NULL)', name=op.f('ck_attribution_anonymity_reason_pair')),
    sa.CheckConstraint('(content_start IS NULL) = (content_end IS NULL)', name=op.f('ck_attribution_content_pair')),
    sa.CheckConstraint('(cue_start IS NULL) = (cue_end IS NULL)', name=op.f('ck_attribution_cue_pair')),
    sa.CheckConstraint('(source_start IS NULL) = (source_end IS NULL)', name=op.f('ck_attribution_source_pair')),
    sa.CheckConstraint('anonymity_reason_start IS NULL OR (0 <= anonymity_reason_start AND anonymity_reason_start < anonymity_reason_end)', name=op.f('ck_attribution_anonymity_reason_order')),
    sa.CheckConstraint('content_start IS NULL OR (0 <= content_start AND content_start < content_end)', name=op.f('ck_attribution_content_order')),
    sa.CheckConstraint('cue_start IS NULL OR (0 <= cue_start AND cue_start < cue_end)', name=op.f('ck_attribution_cue_order')),
    sa.CheckConstraint('source_start IS NULL OR (0 <= source_start AND source_start < source_end)', name=op.f('ck_attribution_source_order')),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_attribution_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speaker.id'], name=op.f('fk_attribution_speaker_id_speaker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_attribution_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribution'))
    )
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attribution_article_id'), ['article_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('attribution_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_audit_event_article_id_article'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_attribution', ['attribution_id', 'id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_attribution')

    op.drop_table('audit_event')
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attribution_article_id'))

    op.drop_table('attribution')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_text_hash'))
        batch_op.drop_index(batch_op.f('ix_article_collection'))

    op.drop_table('article')
    op.drop_table('user')
    op.drop_table('speaker')
    
