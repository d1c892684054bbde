from __future__ import annotations

import json

import jsonschema

from summarizer import summarize
from summarizer._render import render_json
from summarizer._schema import brief_schema, brief_schema_json
from tests.conftest import ROOT, SEED_003


def test_exported_schema_is_in_sync_with_the_models():
    exported = (ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8")
    assert exported == brief_schema_json(), "run: summarizer schema -o schemas/brief.schema.json"


def test_contract_field_names():
    properties = brief_schema()["properties"]
    for name in ("schema_version", "article", "summary", "key_points", "actors", "statements", "denials",
                 "appeals", "figures", "run"):
        assert name in properties
    definitions = brief_schema()["$defs"]
    assert set(definitions["Statement"]["properties"]) >= {"speaker", "actor_id", "kind", "text", "quote", "direct",
                                                          "evidence"}
    assert set(definitions["Denial"]["properties"]) >= {"speaker", "denied", "alleged_by", "evidence"}
    assert set(definitions["Appeal"]["properties"]) >= {"speaker", "addressee", "request", "evidence"}
    assert set(definitions["Figure"]["properties"]) >= {"raw", "value", "unit", "what", "evidence"}
    assert set(definitions["Evidence"]["properties"]) >= {"start", "end", "text"}


def test_rules_output_is_schema_valid_json():
    brief = summarize(SEED_003, backend="rules")
    jsonschema.validate(json.loads(render_json(brief)), brief_schema())
