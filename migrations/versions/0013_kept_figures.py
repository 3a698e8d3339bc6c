"""kept figures: corpus-wide counts made by a job, which the dashboard and collections pages read

Revision ID: 0013_kept_figures
Revises: 0012_collections_and_assignments
Create Date: 2026-12-07 15:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_kept_figures"
down_revision = "0012_collections_and_assignments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kept_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("view", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_figures")),
        sa.UniqueConstraint("view", name=op.f("uq_kept_figures_view")),
    )
    with op.batch_alter_table("job") as batch:
        batch.drop_constraint(op.f("ck_job_kind"), type_="check")
        batch.create_check_constraint("kind", "kind IN ('detect', 'import', 'export', 'figures')")


def downgrade():
    op.execute("DELETE FROM job WHERE kind = 'figures'")
    with op.batch_alter_table("job") as batch:
        batch.drop_constraint(op.f("ck_job_kind"), type_="check")
        batch.create_check_constraint("kind", "kind IN ('detect', 'import', 'export')")
    op.drop_table("kept_figures")
