"""filter indexes: what the pages filter, group and order on, for a newsroom-sized corpus

Revision ID: 0007_filter_indexes
Revises: 0006_jobs
Create Date: 2026-12-02 16:30:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_filter_indexes"
down_revision = "0006_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_review_state"), ["review_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_created_at"), ["created_at"], unique=False)
    # (article_id, state) serves every lookup the article_id index did, and the counts by state besides.
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.create_index("ix_attribution_article_state", ["article_id", "state"], unique=False)
        batch_op.drop_index(batch_op.f("ix_attribution_article_id"))
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_article", ["article_id", "action"], unique=False)
    with op.batch_alter_table("corroboration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corroboration_corroborating_id"), ["corroborating_id"], unique=False)


def downgrade():
    with op.batch_alter_table("corroboration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corroboration_corroborating_id"))
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_article")
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attribution_article_id"), ["article_id"], unique=False)
        batch_op.drop_index("ix_attribution_article_state")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_created_at"))
        batch_op.drop_index(batch_op.f("ix_article_published"))
        batch_op.drop_index(batch_op.f("ix_article_review_state"))
