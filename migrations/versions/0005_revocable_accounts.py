"""revocable accounts: token expiry, session generation, disabled users

Revision ID: 0005_revocable_accounts
Revises: 5b1f0c2d9e37
Create Date: 2026-12-02 15:45:00

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from annotator.vocab import API_TOKEN_DAYS

# revision identifiers, used by Alembic.
revision = "0005_revocable_accounts"
down_revision = "5b1f0c2d9e37"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    # Tokens issued before expiry existed get the default lifetime from now, so no script breaks today.
    user = sa.table("user", sa.column("token_hash", sa.String), sa.column("token_expires_at", sa.DateTime(timezone=True)))
    op.get_bind().execute(
        user.update()
        .where(user.c.token_hash.is_not(None))
        .values(token_expires_at=datetime.now(UTC) + timedelta(days=API_TOKEN_DAYS))
    )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("session_generation")
        batch_op.drop_column("token_expires_at")
