"""Flask extensions, created unbound and bound to the app in the factory."""

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep migrations reproducible on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()


class FactoryLimiter(Limiter):
    """A Limiter that the factory may bind to several apps in one process (tests build many).

    Flask-Limiter keeps "the counter store is down, use the in-memory fallback" on the instance and never
    resets it in `init_app`. An app built after one whose store died would start on the fallback and flip
    back to its own store in the middle of a burst of requests, splitting one account's count between two
    stores (twice the allowed guesses). Each app starts with its own store taken as alive.
    """

    def init_app(self, app: Flask) -> None:
        self._storage_dead = False
        super().init_app(app)


# No default limits: each limited view names its own (the login's are settings, read per request).
limiter = FactoryLimiter(key_func=get_remote_address)
