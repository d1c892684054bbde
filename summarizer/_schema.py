"""The brief's JSON Schema, exported to schemas/brief.schema.json (a test keeps the file in sync)."""

from __future__ import annotations

import json

from ._models import Brief, SCHEMA_VERSION


def brief_schema() -> dict:
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://summarizer.invalid/schemas/brief-{SCHEMA_VERSION}.json"
    return schema


def brief_schema_json() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
