"""Plain JSON for the AST and the model (`clausegen dump`), and the model's JSON Schema."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from . import model
from .source import Span

JsonSchema = dict[str, Any]
"""A JSON Schema (draft 2020-12) object, or one of its subschemas: open JSON by nature."""


def to_plain(obj: Any) -> Any:
    """Turn dataclasses, enums, dates and tuples into JSON-ready values."""
    if isinstance(obj, Span):
        return {"line": obj.line, "column": obj.column, "end_line": obj.end_line, "end_column": obj.end_column}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {"node": type(obj).__name__}
        for f in dataclasses.fields(obj):
            out[f.name] = to_plain(getattr(obj, f.name))
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return int(obj) if obj == int(obj) else float(obj)
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    return obj


def model_schema() -> JsonSchema:
    """The JSON Schema (draft 2020-12) of `dump --stage model` output."""
    defs: dict[str, JsonSchema] = {}  # definition name -> its schema
    root = _schema_for(model.Regime, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "clausegen regime model",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _schema_for(tp: Any, defs: dict[str, JsonSchema]) -> JsonSchema:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_for(a, defs) for a in typing.get_args(tp)]}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(typing.get_args(tp)[0], defs)}
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"enum": [m.value for m in tp]}
    if tp is Span:
        if "Span" not in defs:
            defs["Span"] = {
                "type": "object",
                "description": Span.__doc__,
                "properties": {k: {"type": "integer"} for k in ("line", "column", "end_line", "end_column")},
                "required": ["line", "column", "end_line", "end_column"],
            }
        return {"$ref": "#/$defs/Span"}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            props = {"node": {"const": name}}
            required = ["node"]
            for f in dataclasses.fields(tp):
                props[f.name] = _schema_for(hints[f.name], defs)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    required.append(f.name)
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().splitlines()[0],
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {tp!r}")
