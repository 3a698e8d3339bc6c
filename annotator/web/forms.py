"""WTForms for the pages: login, new article, users and passwords."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, EqualTo, Length, Optional, ValidationError

from annotator.errors import InvalidInput
from annotator.fields import storable_problem
from annotator.services.accounts import check_password_rules
from annotator.vocab import MAX_LENGTHS, ROLES


def password_rules(form, field) -> None:
    """The accounts service's password rule, as a form error."""
    try:
        check_password_rules(field.data or "")
    except InvalidInput as err:
        raise ValidationError(err.message) from err


def storable(form, field) -> None:
    """The schemas' rule for text a database can store, for fields that reach a query without a schema."""
    problem = storable_problem(field.label.text, field.data or "")
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=MAX_LENGTHS["username"]), storable])
    password = PasswordField("Password", validators=[DataRequired(), storable])


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=MAX_LENGTHS["title"])])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=MAX_LENGTHS["outlet"])])
    byline = StringField("Byline", validators=[Optional(), Length(max=MAX_LENGTHS["byline"])])
    url = StringField("URL", validators=[Optional(), URL(require_tld=False), Length(max=MAX_LENGTHS["url"])])
    published = DateField("Published", validators=[Optional()])
    collection = StringField("Collection", validators=[Optional(), Length(max=MAX_LENGTHS["collection"])])
    text = TextAreaField("Text")
    upload = FileField(
        "Or upload a .txt or .html file",
        validators=[FileAllowed(["txt", "html", "htm"], "Upload a .txt or .html file")],
    )

    def validate_text(self, field):
        pasted = bool((field.data or "").strip())
        if not pasted and not self.upload.data:
            raise ValidationError("Paste the article text or upload a file.")
        if pasted and self.upload.data:
            raise ValidationError("Paste the text or upload a file, not both: clear one of them.")


class UserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=MAX_LENGTHS["username"]), storable])
    password = PasswordField("Password", validators=[DataRequired(), password_rules])
    role = SelectField("Role", choices=list(ROLES))


class SetPasswordForm(FlaskForm):
    """An admin sets another user's password."""

    password = PasswordField("New password", validators=[DataRequired(), password_rules])


class ChangePasswordForm(FlaskForm):
    """A user changes their own password."""

    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired(), password_rules])
    confirm = PasswordField("New password again", validators=[EqualTo("new_password", "The two new passwords differ.")])
