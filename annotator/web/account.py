"""A user's own account: change the password, see and revoke the API token."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from annotator.errors import InvalidInput
from annotator.services import accounts
from annotator.web.auth import THROTTLED, password_attempts_succeeded, take_password_attempt
from annotator.web.forms import ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(form: ChangePasswordForm):
    return render_template("account.html", form=form), 422 if form.errors else 200


@bp.route("")
@login_required
def show():
    return _page(ChangePasswordForm())


@bp.route("/password", methods=["POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        # a stolen session must not become a way to guess the password: the same count as the login's
        wait = take_password_attempt(current_user.username)
        if wait is not None:
            form.current_password.errors.append(THROTTLED)
            return render_template("account.html", form=form), 429, {"Retry-After": str(wait)}
        try:
            accounts.change_own_password(current_user, form.current_password.data, form.new_password.data)
        except InvalidInput as err:
            getattr(form, err.field or "current_password").errors.append(err.message)
        else:
            password_attempts_succeeded(current_user.username)
            # Every other session of the user has ended; this one goes on under the new generation.
            login_user(current_user)
            flash("Password changed. Every other session of yours was logged out.", "ok")
            return redirect(url_for("account.show"))
    return _page(form)


@bp.route("/token/revoke", methods=["POST"])
@login_required
def revoke_token():
    if accounts.revoke_token(current_user, current_user):
        flash("Your API token was revoked.", "ok")
    return redirect(url_for("account.show"))
