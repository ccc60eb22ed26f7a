"""schemathesis against ``/openapi.json``: every API operation, with generated parameters (valid and invalid),
answers as its schema says: no server error, declared status codes, content types, response bodies and
headers. Runs against a real database made by ``quellen analyze`` from the bundled examples."""
from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from quellen.cli import app as cli  # noqa: E402
from quellen.serve import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    db = tmp_path_factory.mktemp("schema") / "q.db"
    result = CliRunner().invoke(cli, ["analyze", str(ROOT / "examples" / "articles"), "--db", str(db), "--no-report"])
    assert result.exit_code == 0, result.output
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db)))


def _operations():
    return ["GET /api/documents", "GET /api/documents/{doc_id}", "GET /api/attributions", "GET /api/claims",
            "GET /api/claims/{claim_id}", "GET /api/entities", "GET /api/entities/{entity_id}", "GET /api/failures"]


def test_every_operation_is_tested(api_schema):
    assert sorted(r.ok().label for r in api_schema.get_all_operations()) == sorted(_operations())


# schemathesis' own pytest plugin (``from_fixture``) does not run under this pytest, so each operation's
# strategy is driven by Hypothesis here; the checks are schemathesis' (``call_and_validate``: all of them).
@pytest.mark.parametrize("label", _operations())
def test_api_conforms_to_its_schema(api_schema, label):
    op = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)

    @given(case=op.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case):  # noqa: ANN001
        case.call_and_validate()

    check()
