"""Running behind a reverse proxy and over HTTPS: trusted forwarded headers, secure cookies, HSTS."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

# A year, the usual value; no includeSubDomains, which would bind every other site of the newsroom's domain too.
HSTS = "max-age=31536000"


def _hsts(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Trust `PROXY_FIX` proxies' X-Forwarded-* headers; under `PREFERRED_URL_SCHEME=https`, cookies only over
    HTTPS and HSTS on every answer."""
    proxies = app.config["PROXY_FIX"]
    if proxies:
        # The client's address (login throttling, logs), scheme, host and prefix as the proxy saw them. Without a
        # proxy these headers are the client's own words and stay ignored.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies, x_prefix=proxies
        )
    if app.config["PREFERRED_URL_SCHEME"] == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.after_request(_hsts)
