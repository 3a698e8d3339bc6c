"""annotator layers: an attribution belongs to the final version or to one annotator's own layer

Revision ID: 0016_annotator_layers
Revises: 0015_accept_many_batches
Create Date: 2026-12-07 14:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_annotator_layers"
down_revision = "0015_accept_many_batches"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("layer_user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_attribution_layer_user_id_user"), "user", ["layer_user_id"], ["id"])
        batch_op.create_index("ix_attribution_layer", ["article_id", "layer_user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.drop_index("ix_attribution_layer")
        batch_op.drop_constraint(op.f("fk_attribution_layer_user_id_user"), type_="foreignkey")
        batch_op.drop_column("layer_user_id")
