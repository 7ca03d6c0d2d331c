"""The OpenAPI document: valid, generated from the filters and columns, and true of real responses."""

import jsonschema
import pytest
from openapi_spec_validator import validate

from debates.filters import StatementFilter
from debates.listings import LISTINGS
from debates.openapi import ENDPOINTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def response_validator(document, path: str, status: str = "200"):
    """A JSON Schema validator for one operation's response, resolving the document's $refs."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    wrapped = {**schema, "components": document["components"]}
    return jsonschema.Draft202012Validator(wrapped, format_checker=jsonschema.FormatChecker())


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver"}]


def test_it_is_linked_from_the_api_page(client):
    html = client.get("/api/").content.decode()
    assert 'href="/api/openapi.json"' in html


def test_every_filter_is_a_documented_parameter(document):
    params = {p["name"]: p for p in document["paths"]["/api/statements"]["get"]["parameters"]}
    for name in StatementFilter.base_filters:
        names = [f"{name}_after", f"{name}_before"] if name == "date" else [name]
        for param in names:
            assert param in params, param
    assert params["country"]["schema"]["type"] == "array" and params["country"]["explode"]
    assert params["source"]["schema"]["enum"] == ["repertoire", "verbatim"]
    assert params["date_after"]["schema"] == {"type": "string", "format": "date"}
    assert params["language"]["schema"] == {"type": "string"}
    meetings = {p["name"]: p for p in document["paths"]["/api/meetings"]["get"]["parameters"]}
    assert meetings["month"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 12}


def test_every_column_is_a_documented_field(document):
    for name in ENDPOINTS:
        row = document["components"]["schemas"][f"{name[:-1].capitalize()}Row"]
        assert list(row["properties"]) == LISTINGS[name].fields
    passage = document["components"]["schemas"]["StatementRow"]["properties"]["passage"]
    assert passage["type"] == "integer" and "shared position" in passage["description"]


@pytest.mark.parametrize(
    "name,params",
    [
        ("statements", {"country": "FRA"}),
        ("statements", {"q": "sanctions", "page_size": 1}),
        ("meetings", {"year": 2004}),
        ("decisions", {"q": "2505"}),
        ("decisions", {}),
        ("speakers", {}),
        ("items", {}),
        ("votes", {"country": "RUS"}),
    ],
)
def test_real_responses_match_the_document(client, archive, document, name, params):
    response = client.get(f"/api/{name}", params)
    assert response.status_code == 200
    data = response.json()
    response_validator(document, f"/api/{name}").validate(data)
    assert data["results"] or name == "decisions"


def test_errors_match_the_document(client, archive, document):
    response = client.get("/api/statements", {"date_after": "yesterday", "source": "rumour"})
    assert response.status_code == 400
    response_validator(document, "/api/statements", "400").validate(response.json())


def test_the_validation_would_catch_a_wrong_response(client, archive, document):
    data = client.get("/api/statements").json()
    data["results"][0]["passage"] = "not a number"
    with pytest.raises(jsonschema.ValidationError):
        response_validator(document, "/api/statements").validate(data)
    del data["results"][0]["passage"]
    with pytest.raises(jsonschema.ValidationError):
        response_validator(document, "/api/statements").validate(data)


class TestCORS:
    def test_the_api_downloads_and_feeds_may_be_read_from_any_origin(self, client, archive):
        for url in ("/api/statements", "/api/openapi.json", "/export/meetings.csv", "/statements/feed/"):
            response = client.get(url, HTTP_ORIGIN="https://example.org")
            assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Link" in client.get("/export/meetings.csv")["Access-Control-Expose-Headers"]

    def test_a_preflight_request_is_answered_for_get_only(self, client, archive):
        response = client.options(
            "/api/statements",
            HTTP_ORIGIN="https://example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
        )
        assert response.status_code == 204
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Headers"] == "accept"
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_pages_and_the_admin_are_not_opened(self, client, archive):
        assert not client.get("/statements/").has_header("Access-Control-Allow-Origin")
        assert not client.get("/admin/login/").has_header("Access-Control-Allow-Origin")
        post = client.post("/api/statements")
        assert post.status_code == 405  # the API only reads
        assert not post.has_header("Access-Control-Allow-Origin")


def test_items_and_votes_endpoints(client, archive):
    items = client.get("/api/items").json()
    assert {row["slug"] for row in items["results"]} == {i.slug for i in archive["items"].values()}
    votes = client.get("/api/votes", {"decision": "s-2020-27"}).json()
    assert {(v["country"], v["choice"], v["veto"]) for v in votes["results"]} == {
        ("FRA", "yes", False),
        ("RUS", "no", True),
        ("GBR", "abstain", False),
    }
    assert client.get("/api/votes", {"veto": "true"}).json()["count"] == 1
