"""The run's config checked against ``workflow/schemas/config.schema.yaml``, defaults filled in.

The schema is the one list of keys, types and defaults (``config/README.md`` documents
it). A jsonschema error is translated into the message a user can act on: an unknown
key gets the closest known one ("did you mean ...?"), a wrong value the expected form.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tenseq.errors import InputError


def _fill_defaults(validator_class: type) -> type:
    """A jsonschema validator that writes each property's ``default`` into the instance."""
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for name, sub in properties.items():
                if "$ref" in sub:
                    sub = validator._resolver.lookup(sub["$ref"]).contents
                if "default" in sub and name not in instance:
                    instance[name] = copy.deepcopy(sub["default"])
        yield from validate_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(validator_class, {"properties": set_defaults})


_DefaultingValidator = _fill_defaults(jsonschema.Draft202012Validator)


def _key_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top level)"


def _schema_message(error: jsonschema.ValidationError, file: str) -> InputError:
    path = _key_path(error)
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(allowed)}"
        where = f"{path}.{key}" if path != "(top level)" else key
        return InputError(
            file, f"unknown key '{key}'", f"{hint} (see config/README.md)", field=where
        )
    if error.validator == "required":
        return InputError(file, error.message, "add the key (see config/README.md)", field=path)
    expected = error.schema.get("enum") or error.schema.get("type") or error.schema.get("pattern")
    return InputError(
        file,
        f"{error.message}",
        f"use a value of the expected form ({expected}); see config/README.md",
        field=path,
    )


def validate_config(config: dict[str, Any], schema_path: Path, *, file: str = "config") -> dict:
    """The config checked against its schema, with every default filled in."""
    schema = yaml.safe_load(Path(schema_path).read_text())
    filled = copy.deepcopy(dict(config))
    validator = _DefaultingValidator(schema)
    errors = sorted(validator.iter_errors(filled), key=lambda e: list(e.absolute_path))
    if errors:
        raise _schema_message(errors[0], file)
    return filled
