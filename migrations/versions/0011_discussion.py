"""discussion: comments on articles and claims, and the mentions that put an article in someone's work

Revision ID: 0011_discussion
Revises: 0007_filter_indexes
Create Date: 2026-12-02 19:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_discussion"
down_revision = "0007_filter_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("attribution_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('comment', 'submit', 'request_changes', 'approve')", name=op.f("ck_comment_kind")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_comment_article_id_article"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_comment_user_id_user")),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["user.id"], name=op.f("fk_comment_resolved_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
    )
    op.create_index(op.f("ix_comment_article_id"), "comment", ["article_id"], unique=False)
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_mention_comment_id_comment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_mention_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
        sa.UniqueConstraint("comment_id", "user_id", name="uq_mention_once"),
    )
    op.create_index(op.f("ix_mention_comment_id"), "mention", ["comment_id"], unique=False)
    op.create_index(op.f("ix_mention_user_id"), "mention", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_mention_user_id"), table_name="mention")
    op.drop_index(op.f("ix_mention_comment_id"), table_name="mention")
    op.drop_table("mention")
    op.drop_index(op.f("ix_comment_article_id"), table_name="comment")
    op.drop_table("comment")
