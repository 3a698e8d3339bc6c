"""The API's OpenAPI description: complete, readable, and honoured by the running app."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from annotator.extensions import db
from annotator.models import User
from annotator.services.accounts import issue_token
from annotator.web.openapi import document


def test_every_api_route_is_described_and_nothing_else(app):
    described = {
        (method.upper(), path.replace("{", "<").replace("}", ">"))
        for path, methods in document()["paths"].items()
        for method in methods
    }
    routed = {
        (method, str(rule).replace("<int:", "<"))
        for rule in app.url_map.iter_rules()
        if str(rule).startswith("/api/") and rule.endpoint.split(".")[0] != "openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == routed


def test_the_description_is_served_with_a_readable_page(client, editor):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["schemas"]["AttributionEdit"]["additionalProperties"] is False
    page = client.get("/api/docs").text
    for path, methods in spec["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in page


@pytest.fixture
def api_schema(app, make_user):
    """The app's own description, run against the app, by an editor holding a token and one article."""
    user = make_user("ed", "editor")
    with app.app_context():
        app.config["API_TOKEN"] = issue_token(db.session.get(User, user.id))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {app.config['API_TOKEN']}"}
    client.post(
        "/api/articles",
        json={"text": 'Ana Ruiz said the bridge is closed. "It reopens in May," said Ana Ruiz.'},
        headers=headers,
    )
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=headers)


# Which offsets and versions are valid depends on the stored article, which no static description can say:
# a schema-valid span outside the text is rightly refused (422), so that check is left out; every other
# check of schemathesis runs (no 5xx, documented statuses, content types and bodies).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def test_no_server_error_and_no_answer_outside_the_description(api_schema, app):
    # Driven through hypothesis directly: schemathesis's pytest plugin does not run under pytest 9.
    headers = {"Authorization": f"Bearer {app.config['API_TOKEN']}"}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        def answers_within_the_description(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_within_the_description()
