"""Finds an operation in the served OpenAPI document by method and path.

The client scripts name what a user knows (POST /api/v1/customers); the
generated code names it after the document's tag and operationId, which the
contract may still rename: looking them up keeps the scripts about behaviour.
"""
import json
import re


class Document:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)

    def api_key_schemes(self):
        """Names of the document's API key security schemes."""
        schemes = self.doc.get("components", {}).get("securitySchemes") or self.doc.get(
            "securityDefinitions", {})
        return [name for name, scheme in schemes.items() if scheme.get("type") == "apiKey"]

    def operation(self, method, path):
        op = self.doc["paths"][path][method.lower()]
        return {"tag": (op.get("tags") or ["default"])[0], "operation_id": op["operationId"],
                "body": self._body_schema(op)}

    @staticmethod
    def _body_schema(op):
        """The name of the request body's schema, or None."""
        schema = None
        if "requestBody" in op:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
        for param in op.get("parameters", []):  # Swagger 2.0
            if param.get("in") == "body":
                schema = param["schema"]
        if schema is None or "$ref" not in schema:
            return None
        return schema["$ref"].rsplit("/", 1)[-1]


def snake(name):
    """What both generators do to a tag or an operationId for a Python name."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def pascal(name):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def value(x):
    """An enum member's wire word, or the value itself."""
    return getattr(x, "value", x)


def check(condition, message):
    if not condition:
        raise AssertionError(message)
