"""collections with members and roles, and assignments of articles to annotators and reviewers

Every collection an article already names becomes a collection row, and every existing editor and
reviewer becomes a member of each (annotator or reviewer), so an upgrade takes nobody's access away.

Revision ID: 0012_collections_and_assignments
Revises: 0011_discussion
Create Date: 2026-12-07 14:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_collections_and_assignments"
down_revision = "0011_discussion"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "collection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("annotators_per_article", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "annotators_per_article BETWEEN 1 AND 5", name=op.f("ck_collection_annotators_per_article")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection")),
        sa.UniqueConstraint("name", name=op.f("uq_collection_name")),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('annotator', 'reviewer', 'curator')", name=op.f("ck_membership_role")),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collection.id"],
            name=op.f("fk_membership_collection_id_collection"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_membership_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("collection_id", "user_id", name="uq_membership_once"),
    )
    op.create_index(op.f("ix_membership_user_id"), "membership", ["user_id"], unique=False)
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('annotator', 'reviewer')", name=op.f("ck_assignment_role")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_assignment_article_id_article"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_assignment_user_id_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["user.id"], name=op.f("fk_assignment_assigned_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("article_id", "user_id", "role", name="uq_assignment_once"),
    )
    op.create_index(op.f("ix_assignment_user_id"), "assignment", ["user_id"], unique=False)
    op.execute(
        "INSERT INTO collection (name, annotators_per_article, created_at) "
        "SELECT DISTINCT collection, 1, CURRENT_TIMESTAMP FROM article WHERE collection IS NOT NULL"
    )
    op.execute(
        "INSERT INTO membership (collection_id, user_id, role, created_at) "
        "SELECT c.id, u.id, CASE WHEN u.role = 'reviewer' THEN 'reviewer' ELSE 'annotator' END, CURRENT_TIMESTAMP "
        "FROM collection c CROSS JOIN \"user\" u WHERE u.role IN ('editor', 'reviewer')"
    )


def downgrade():
    op.drop_index(op.f("ix_assignment_user_id"), table_name="assignment")
    op.drop_table("assignment")
    op.drop_index(op.f("ix_membership_user_id"), table_name="membership")
    op.drop_table("membership")
    op.drop_table("collection")
