"""User management, for admins only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import User
from annotator.web.auth import role_required
from annotator.web.forms import UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    form = UserForm()
    if form.validate_on_submit():
        if db.session.scalar(select(User).where(User.username == form.username.data)):
            form.username.errors.append("That username is taken.")
        else:
            user = User(username=form.username.data, role=form.role.data)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            flash(f"User {user.username} created.", "ok")
            return redirect(url_for("admin.users"))
    users = db.session.scalars(select(User).order_by(User.username))
    return render_template("admin/users.html", form=form, users=users), 422 if form.errors else 200
