"""accept-many batches: one row per batch of accepted suggestions, and the batch id on each claim's audit event

Revision ID: 0015_accept_many_batches
Revises: 0014_soft_deleted_articles
Create Date: 2026-12-07 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_accept_many_batches"
down_revision = "0014_soft_deleted_articles"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("speaker_links", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_batch_article_id_article"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_batch_user_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["user.id"], name=op.f("fk_batch_undone_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch")),
    )
    op.create_index(op.f("ix_batch_article_id"), "batch", ["article_id"], unique=False)
    # a plain column (no foreign key), so SQLite adds it without rebuilding the audit table
    op.add_column("audit_event", sa.Column("batch_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_audit_event_batch_id"), "audit_event", ["batch_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_audit_event_batch_id"), table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_column("batch_id")
    op.drop_index(op.f("ix_batch_article_id"), table_name="batch")
    op.drop_table("batch")
