"""Checks of the served document that the linters do not make.

Usage: document_check.py OPENAPI_JSON OPENAPI_YAML
"""
import json
import sys

import yaml

doc = json.load(open(sys.argv[1], encoding="utf-8"))
problems = []
if yaml.safe_load(open(sys.argv[2], encoding="utf-8")) != doc:
    problems.append("/api/v1/openapi.yaml is not the same document as /api/v1/openapi.json")
if not str(doc.get("openapi", "")).startswith("3."):
    problems.append(f"not OpenAPI 3: openapi={doc.get('openapi')!r} swagger={doc.get('swagger')!r}")

# The service takes `Authorization: Apikey <key>` and `Authorization: Bearer <jwt>`.
schemes = doc.get("components", {}).get("securitySchemes", {})
api_key = [n for n, s in schemes.items()
           if s.get("type") == "apiKey" and s.get("in") == "header" and s.get("name") == "Authorization"]
bearer = [n for n, s in schemes.items()
          if s.get("type") == "http" and s.get("scheme", "").lower() == "bearer" and s.get("bearerFormat") == "JWT"]
if not api_key:
    problems.append("no apiKey security scheme in the Authorization header")
if not bearer:
    problems.append("no http bearer (JWT) security scheme")
for name in api_key:
    if "Apikey " not in schemes[name].get("description", ""):
        problems.append(f"security scheme {name} does not document the 'Apikey ' prefix")

# Every operation needs one of them (each alternative one scheme alone).
for path, ops in doc.get("paths", {}).items():
    for method, op in ops.items():
        if not isinstance(op, dict) or "responses" not in op:
            continue
        security = op.get("security", doc.get("security", []))
        named = {n for requirement in security for n in requirement}
        if not security or {} in security:
            problems.append(f"{method.upper()} {path}: callable without a credential")
        elif not (named & set(api_key)) or not (named & set(bearer)):
            problems.append(f"{method.upper()} {path}: does not accept both the API key and the bearer token")
        if "401" not in op["responses"]:
            problems.append(f"{method.upper()} {path}: no 401 answer documented")

for problem in problems:
    print(f"document: {problem}")
if not problems:
    print(f"document: OpenAPI {doc['openapi']}, YAML == JSON, every operation takes "
          f"{'/'.join(api_key)} or {'/'.join(bearer)}")
sys.exit(1 if problems else 0)
