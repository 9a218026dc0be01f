"""A user of the client that openapi-generator (python) makes from the served
document: creates a customer, creates and processes an invoice, and changes a
customer it fetched by sending it back with PATCH.

Usage: openapi_generator_client.py BASE_URL API_KEY OPENAPI_JSON
"""
import datetime
import sys

import billing_openapi_generator as gen
from contract_doc import Document, check, pascal, snake, value

base, key, document = sys.argv[1:4]
doc = Document(document)

# The document's API key scheme takes the whole header value, "Apikey <key>".
schemes = doc.api_key_schemes()
check(schemes, "the document declares no API key security scheme")
configuration = gen.Configuration(host=base, api_key={name: f"Apikey {key}" for name in schemes})
client = gen.ApiClient(configuration)


def call(method, path, *args):
    op = doc.operation(method, path)
    api = getattr(gen, pascal(op["tag"]) + "Api")(client)
    return getattr(api, snake(op["operation_id"]))(*args)


def body(method, path, fields):
    """A request body of the model class the operation declares."""
    return getattr(gen, pascal(doc.operation(method, path)["body"])).from_dict(fields)


created = call("POST", "/api/v1/customers",
               body("POST", "/api/v1/customers",
                    {"name": "Acme Corp", "email": "ap@acme.example", "defaultCurrency": "USD"}))
customer = created.data
check(customer.id, f"created customer has no id: {created}")
print(f"openapi-generator: created customer {customer.id}")

due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
invoice = call("POST", "/api/v1/invoices", body("POST", "/api/v1/invoices", {
    "customerId": customer.id, "dueDate": due,
    "lineItems": [{"description": "Support, Q1", "quantity": 3, "unitAmount": "100.00"}],
})).data
check(value(invoice.status) == "draft", f"new invoice is {invoice.status}, want draft")
check(invoice.amount == "300.00", f"invoice amount {invoice.amount}, want 300.00")
processed = call("POST", "/api/v1/invoices/{invoice-id}/process", invoice.id).data
check(value(processed.status) == "pending", f"processed invoice is {processed.status}, want pending")
print(f"openapi-generator: invoice {invoice.id} draft -> pending")

# Fetch, modify, send back: read-only fields (id, createTime, ...) go back too,
# as the model the PATCH declares (the fetched one, if the schemas are one).
fetched = call("GET", "/api/v1/customers/{customer-id}", customer.id).data
fetched.name = "Acme Corporation"
patch = "PATCH", "/api/v1/customers/{customer-id}"
sent = fetched if type(fetched).__name__ == pascal(doc.operation(*patch)["body"]) else body(*patch, fetched.to_dict())
updated = call(*patch, customer.id, sent).data
check(updated.name == "Acme Corporation", f"PATCH kept name {updated.name!r}")
check(updated.email == "ap@acme.example", f"PATCH changed email to {updated.email!r}")
print(f"openapi-generator: customer {customer.id} fetched, renamed, sent back")
