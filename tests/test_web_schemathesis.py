"""schemathesis against the HTTP API's own OpenAPI spec, in process (ASGI): generated requests,
valid and malformed, to every operation; the API must never answer 5xx and its answers must
match the spec. Writes are sent with the token so that their bodies are exercised too (the
coder is a stand-in with no events; every URL resolves to a private address and is refused)."""
from __future__ import annotations

from itertools import product

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from frontlines import api  # noqa: E402
from frontlines.store import Store  # noqa: E402
from frontlines.web import create_app  # noqa: E402
from tests.test_web_api import AUTH, TOKEN, FakeCoder, _fill  # noqa: E402

# Operations whose issue-4 function this build lacks answer 501 by design; they are left out
# until it is merged (their 501 is checked in test_web_api).
MISSING = [name for name in ("relations", "control", "correct_event") if not hasattr(api, name)]



def _schema(store: Store):
    app = create_app(store, coder_factory=FakeCoder, token=TOKEN, resolver=lambda host: ["10.0.0.1"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    excluded = [{"relations": "^/api/relations$", "control": "^/api/control$",
                 "correct_event": "corrections$"}[name] for name in MISSING]
    return schema.exclude(path_regex="|".join(excluded)) if excluded else schema


# positive_data_acceptance is left out: a request the schema allows may still be refused with a
# documented 400 (date_from after date_to, bbox corners out of order), which no schema can say.
# schemathesis' pytest plugin (schema.parametrize / from_fixture) does not run under pytest 9,
# so each operation's Hypothesis strategy is driven here directly.
@pytest.mark.slow
def test_api_matches_its_spec_and_never_fails(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'fuzz.db'}") as store:
        _fill(store)
        operations = [result.ok() for result in _schema(store).get_all_operations()]
        assert len(operations) >= 6
        for operation, mode in product(operations, GenerationMode):  # valid and malformed requests
            @given(case=operation.as_strategy(mode))
            @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
                      database=None)
            def check(case) -> None:
                case.call_and_validate(headers=AUTH, excluded_checks=[positive_data_acceptance])

            check()
