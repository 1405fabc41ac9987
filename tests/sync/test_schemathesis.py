"""schemathesis against the served /openapi.json, with an authorised token: it finds nothing."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.sync.server_proc import Server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemathesis")
    srv = Server(f"sqlite:///{tmp / 'server.sqlite'}", tmp / "files").start()
    token = srv.add_account("fuzz")
    yield srv, token
    srv.stop()


def test_api_conforms_to_its_schema(live):
    srv, token = live
    schema = schemathesis.openapi.from_url(f"{srv.url}/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=20, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers)

        check()
        tested.append(operation.label)
    assert len(tested) == 8, tested
