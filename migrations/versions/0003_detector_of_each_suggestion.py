"""detector of each suggestion

Revision ID: a4edb61a7307
Revises: 0829092c9c4f
Create Date: 2026-12-02 07:15:57.978100

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4edb61a7307'
down_revision = '0829092c9c4f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detector', sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.drop_column('detector')
