"""User management, for admins only: create, disable or enable, set a password, revoke a token."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_user
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import User
from annotator.services import accounts
from annotator.web.auth import role_required
from annotator.web.forms import SetPasswordForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(form: UserForm, status: int = 200):
    users = db.session.scalars(select(User).order_by(User.username))
    return render_template("admin/users.html", form=form, users=users), 422 if form.errors else status


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    form = UserForm()
    if form.validate_on_submit():
        if accounts.find_user(form.username.data):
            form.username.errors.append("That username is taken.")
        else:
            user = User(username=form.username.data, role=form.role.data)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            flash(f"User {user.username} created.", "ok")
            return redirect(url_for("admin.users"))
    return _page(form)


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@role_required("admin")
def disable(user_id: int):
    user = _user(user_id)
    accounts.set_disabled(user, True, current_user)
    flash(f"{user.username} is disabled: logged out everywhere, API token refused.", "ok")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@role_required("admin")
def enable(user_id: int):
    user = _user(user_id)
    accounts.set_disabled(user, False, current_user)
    flash(f"{user.username} is enabled.", "ok")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@role_required("admin")
def password(user_id: int):
    user = _user(user_id)
    form = SetPasswordForm()
    if not form.validate_on_submit():
        for message in form.password.errors:
            flash(f"{user.username}: {message}", "error")
        return _page(UserForm(formdata=None), 422)
    accounts.set_password(user, form.password.data, current_user)
    if user.id == current_user.id:
        login_user(user)  # the admin's own sessions ended; this one goes on under the new generation
    flash(f"New password set for {user.username}; their sessions were logged out.", "ok")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/token/revoke", methods=["POST"])
@role_required("admin")
def revoke_token(user_id: int):
    user = _user(user_id)
    if accounts.revoke_token(user, current_user):
        flash(f"The API token of {user.username} was revoked.", "ok")
    return redirect(url_for("admin.users"))
