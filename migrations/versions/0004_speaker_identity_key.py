"""speaker identity key: the registry finds a speaker by normalised name

Revision ID: 5b1f0c2d9e37
Revises: a4edb61a7307
Create Date: 2026-12-02 13:45:00

"""

import sqlalchemy as sa
from alembic import op

# The rule that fills the key is the app's (annotator/review/identity.py, plain Python).
from annotator.review.identity import name_key

# revision identifiers, used by Alembic.
revision = "5b1f0c2d9e37"
down_revision = "a4edb61a7307"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_speaker_key"), ["key"], unique=False)
    speaker = sa.table("speaker", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("key", sa.String))
    conn = op.get_bind()
    for row in conn.execute(sa.select(speaker.c.id, speaker.c.name)).all():
        conn.execute(speaker.update().where(speaker.c.id == row.id).values(key=name_key(row.name)))


def downgrade():
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_key"))
        batch_op.drop_column("key")
