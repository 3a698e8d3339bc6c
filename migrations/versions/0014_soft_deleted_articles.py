"""soft-deleted articles: when and by whom an article was deleted (an admin can restore it)

Revision ID: 0014_soft_deleted_articles
Revises: 0013_kept_figures
Create Date: 2026-12-07 14:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_soft_deleted_articles"
down_revision = "0013_kept_figures"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_article_deleted_by_id_user"), "user", ["deleted_by_id"], ["id"], ondelete="SET NULL"
        )
    live = sa.text("deleted_at IS NULL")
    op.create_index("ix_article_live", "article", ["id"], postgresql_where=live, sqlite_where=live)


def downgrade():
    op.drop_index("ix_article_live", table_name="article")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_article_deleted_by_id_user"), type_="foreignkey")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
