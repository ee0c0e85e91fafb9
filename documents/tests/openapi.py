"""Validation of request and response bodies against the vendored ZGW OpenAPI documents (`documents/standards/zgw/`),
offline and without openapi-core (not a dependency of the project): the OpenAPI 3.0 schema keywords those documents
use ($ref, allOf, oneOf, anyOf, enum, type, nullable, required, properties, additionalProperties, items, minLength,
maxLength, minimum, maximum, readOnly, writeOnly, format date, date-time, uri, byte), plus the operation's security
(a bearer token) and content type.

Stricter than the documents in one way, on purpose: a body may not carry a property its schema does not name (a
misspelt field would otherwise pass unnoticed, and the server would ignore it)."""

import base64
import binascii
import json
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from documents.zgw import Response

STANDARDS = Path(__file__).resolve().parent.parent / "standards" / "zgw"
BESLUITEN = "besluiten-api-openapi"
DOCUMENTEN = "documenten-api-openapi"
PREFIX = "/api/v1"


class Invalid(AssertionError):
    """A body does not match its schema; the message lists every error with its place."""


class OpenAPI:
    def __init__(self, name: str):
        self.document = json.loads((STANDARDS / f"{name}.post.json").read_text(encoding="utf-8"))

    # ------------------------------------------------------------------ operations

    def operation(self, method: str, url: str) -> dict:
        """The operation a URL (ending in /api/v1/<resource>, as both documents' servers do) and method name."""
        path = urlsplit(url).path
        if PREFIX not in path:
            raise Invalid(f"{url}: not under {PREFIX}")
        resource = path[path.rindex(PREFIX) + len(PREFIX) :]
        operations = self.document["paths"].get(resource)
        if operations is None or method.lower() not in operations:
            raise Invalid(f"{method} {resource}: no such operation")
        return operations[method.lower()]

    def validate_request(self, method: str, url: str, headers: dict[str, str], body: bytes) -> dict:
        operation = self.operation(method, url)
        if operation.get("security", self.document.get("security")) and not headers.get("Authorization", "").startswith(
            "Bearer "
        ):
            raise Invalid(f"{method} {url}: no bearer token (security JWT-Claims)")
        request_body = self.resolve(operation["requestBody"])
        content_type = headers.get("Content-Type", "")
        if content_type not in request_body["content"]:
            raise Invalid(f"{method} {url}: content type {content_type!r} not in {list(request_body['content'])}")
        data = json.loads(body)
        self.validate(data, request_body["content"][content_type]["schema"], mode="request")
        return data

    def validate_response(self, method: str, url: str, response: Response) -> dict:
        operation = self.operation(method, url)
        answer = operation["responses"].get(str(response.status))
        if answer is None:
            raise Invalid(f"{method} {url}: status {response.status} is not one of {list(operation['responses'])}")
        answer = self.resolve(answer)
        if response.content_type not in answer.get("content", {}):
            raise Invalid(f"{response.status}: content type {response.content_type!r} not in {list(answer['content'])}")
        data = json.loads(response.body)
        self.validate(data, answer["content"][response.content_type]["schema"], mode="response")
        return data

    # ------------------------------------------------------------------ schemas

    def schema(self, name: str) -> dict:
        return self.document["components"]["schemas"][name]

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            target = self.document
            for part in node_path(node_ref_of(node)):
                target = target[part]
            node = target
        return node

    def validate(self, instance, schema: dict, *, mode: str) -> None:
        errors = list(self.errors(instance, schema, "$", mode))
        if errors:
            raise Invalid("\n".join(errors))

    def is_valid(self, instance, schema: dict, *, mode: str) -> bool:
        return not list(self.errors(instance, schema, "$", mode))

    def errors(self, value, schema: dict, at: str, mode: str):
        schema = self.resolve(schema)
        if value is None:
            if not schema.get("nullable"):
                yield f"{at}: null is not allowed"
            return
        for part in schema.get("allOf", []):
            yield from self.errors(value, part, at, mode)
        if "oneOf" in schema:
            matches = sum(not list(self.errors(value, s, at, mode)) for s in schema["oneOf"])
            if matches != 1:
                yield f"{at}: {value!r} matches {matches} of oneOf, not exactly 1"
        if "anyOf" in schema and not any(not list(self.errors(value, s, at, mode)) for s in schema["anyOf"]):
            yield f"{at}: {value!r} matches none of anyOf"
        if "enum" in schema and value not in schema["enum"]:
            yield f"{at}: {value!r} not in {schema['enum']}"
        kind = schema.get("type")
        if kind is not None and not TYPES[kind](value):
            yield f"{at}: {value!r} is not of type {kind}"
            return
        if isinstance(value, str):
            yield from self._string(value, schema, at)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield f"{at}: {value} < minimum {schema['minimum']}"
            if "maximum" in schema and value > schema["maximum"]:
                yield f"{at}: {value} > maximum {schema['maximum']}"
        elif isinstance(value, list) and "items" in schema:
            for n, item in enumerate(value):
                yield from self.errors(item, schema["items"], f"{at}[{n}]", mode)
        elif isinstance(value, dict):
            yield from self._object(value, schema, at, mode)

    def _string(self, value: str, schema: dict, at: str):
        if len(value) < schema.get("minLength", 0):
            yield f"{at}: {value!r} is shorter than {schema['minLength']}"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield f"{at}: {len(value)} characters, more than {schema['maxLength']}"
        check = FORMATS.get(schema.get("format"))
        if check is not None and not check(value):
            yield f"{at}: {value!r} is not a valid {schema['format']}"

    def _object(self, value: dict, schema: dict, at: str, mode: str):
        properties = {name: self.resolve(p) for name, p in schema.get("properties", {}).items()}
        # Only the object's own schema names its properties; in an allOf/oneOf part the parts do.
        if "properties" in schema or schema.get("type") == "object":
            hidden = "readOnly" if mode == "request" else "writeOnly"
            for name in schema.get("required", []):
                if name not in value and not properties.get(name, {}).get(hidden):
                    yield f"{at}: {name!r} is required"
            for name, item in value.items():
                if name in properties:
                    if mode == "request" and properties[name].get("readOnly"):
                        yield f"{at}.{name}: read-only, not to be sent"
                    yield from self.errors(item, schema["properties"][name], f"{at}.{name}", mode)
                elif isinstance(schema.get("additionalProperties"), dict):
                    yield from self.errors(item, schema["additionalProperties"], f"{at}.{name}", mode)
                elif schema.get("additionalProperties") is not True:
                    yield f"{at}.{name}: not a property of the schema"


def node_ref_of(node: dict) -> str:
    ref = node["$ref"]
    if not ref.startswith("#/"):
        raise Invalid(f"{ref}: only local references are resolved")
    return ref


def node_path(ref: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")]


def _is_date(value: str) -> bool:
    try:
        return len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _is_datetime(value: str) -> bool:
    try:
        return "T" in value and bool(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return False


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and " " not in value


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


FORMATS = {"date": _is_date, "date-time": _is_datetime, "uri": _is_uri, "byte": _is_base64}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
