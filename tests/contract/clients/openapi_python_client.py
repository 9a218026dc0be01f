"""A user of the client that openapi-python-client makes from the served
document: creates a customer, creates and processes an invoice, and changes a
customer it fetched by sending it back with PATCH.

Usage: openapi_python_client.py BASE_URL API_KEY OPENAPI_JSON
"""
import datetime
import importlib
import sys

from billing_openapi_python_client import AuthenticatedClient
from contract_doc import Document, check, pascal, snake, value

base, key, document = sys.argv[1:4]
doc = Document(document)
check(doc.api_key_schemes(), "the document declares no API key security scheme")
client = AuthenticatedClient(base_url=base, token=key, prefix="Apikey")
models = importlib.import_module("billing_openapi_python_client.models")


def call(method, path, *args, body=None, want=200):
    op = doc.operation(method, path)
    endpoint = importlib.import_module(
        f"billing_openapi_python_client.api.{snake(op['tag'])}.{snake(op['operation_id'])}")
    kwargs = {"client": client}
    if body is not None:
        kwargs["body"] = body
    response = endpoint.sync_detailed(*args, **kwargs)
    check(response.status_code == want,
          f"{method} {path}: {response.status_code}, want {want}: {response.content[:500]!r}")
    check(response.parsed is not None, f"{method} {path}: answer not parsed: {response.content[:500]!r}")
    return response.parsed.data


def body(method, path, fields):
    """A request body of the model class the operation declares; the plain
    dict where the generator made no class for it (its signature says Any)."""
    model = getattr(models, pascal(doc.operation(method, path)["body"]), None)
    if model is None:
        print(f"openapi-python-client: no model for {method} {path}'s body, sending a dict")
        return fields
    return model.from_dict(fields)


customer = call("POST", "/api/v1/customers", want=201, body=body(
    "POST", "/api/v1/customers",
    {"name": "Acme Corp", "email": "ap@acme.example", "defaultCurrency": "USD"}))
check(customer.id, "created customer has no id")
print(f"openapi-python-client: created customer {customer.id}")

due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
invoice = call("POST", "/api/v1/invoices", want=201, body=body("POST", "/api/v1/invoices", {
    "customerId": customer.id, "dueDate": due,
    "lineItems": [{"description": "Support, Q1", "quantity": 3, "unitAmount": "100.00"}],
}))
check(value(invoice.status) == "draft", f"new invoice is {invoice.status}, want draft")
check(invoice.amount == "300.00", f"invoice amount {invoice.amount}, want 300.00")
processed = call("POST", "/api/v1/invoices/{invoice-id}/process", invoice.id)
check(value(processed.status) == "pending", f"processed invoice is {processed.status}, want pending")
print(f"openapi-python-client: invoice {invoice.id} draft -> pending")

# Fetch, modify, send back: read-only fields (id, createTime, ...) go back too,
# as the model the PATCH declares (the fetched one, if the schemas are one).
fetched = call("GET", "/api/v1/customers/{customer-id}", customer.id)
fetched.name = "Acme Corporation"
patch = "PATCH", "/api/v1/customers/{customer-id}"
sent = fetched if type(fetched).__name__ == pascal(doc.operation(*patch)["body"]) else body(*patch, fetched.to_dict())
updated = call(*patch, customer.id, body=sent)
check(updated.name == "Acme Corporation", f"PATCH kept name {updated.name!r}")
check(updated.email == "ap@acme.example", f"PATCH changed email to {updated.email!r}")
print(f"openapi-python-client: customer {customer.id} fetched, renamed, sent back")
