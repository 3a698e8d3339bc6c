"""User accounts: API tokens (only their digests are stored)."""

from __future__ import annotations

import secrets

from annotator.extensions import db
from annotator.models import User, token_digest


def issue_token(user: User) -> str:
    """A new API token for the user (replacing any earlier one); only its digest is stored."""
    token = secrets.token_urlsafe(32)
    user.token_hash = token_digest(token)
    db.session.commit()
    return token
