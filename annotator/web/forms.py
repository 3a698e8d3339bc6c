"""WTForms for the pages: login, new article, new user."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from annotator.models import ROLES


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired()])


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    url = StringField("URL", validators=[Optional(), URL(require_tld=False), Length(max=2000)])
    published = DateField("Published", validators=[Optional()])
    collection = StringField("Collection", validators=[Optional(), Length(max=200)])
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
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8)])
    role = SelectField("Role", choices=list(ROLES))
