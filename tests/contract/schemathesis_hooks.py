"""Schemathesis hooks: the service's cross-field rules that JSON Schema cannot
state (each one in the document's prose), applied to generated bodies so that data valid by the schema is valid
for the service too. Every check still runs. A hook changes a body only where
the fields it touches are each well formed, so a negative case (one field
broken on purpose) stays as broken as it was generated.

Loaded through SCHEMATHESIS_HOOKS=schemathesis_hooks (tests/contract/run.sh).
"""
import datetime
import re

import schemathesis

DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
INVOICE_BODIES = {("POST", "/api/v1/invoices"), ("PUT", "/api/v1/invoices/{invoice-id}"),
                  ("PATCH", "/api/v1/invoices/{invoice-id}")}
CALCULATION_BODIES = {("POST", "/api/v1/revenue-calculations")}


def _date(value):
    if not isinstance(value, str) or not DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _ordered(obj, start, end, max_days=None):
    """A period's end is never before its start (swap two valid dates), and
    at most `max_days` after it (move the end in)."""
    a, b = _date(obj.get(start)), _date(obj.get(end))
    if a is None or b is None:
        return
    if b < a:
        a, b = b, a
        obj[start], obj[end] = obj[end], obj[start]
    if max_days is not None and (b - a).days > max_days:
        obj[end] = (a + datetime.timedelta(days=max_days)).isoformat()


@schemathesis.hook
def map_body(context, body):
    if context.operation is None or not isinstance(body, dict):
        return body
    key = (context.operation.method.upper(), context.operation.path)
    if key in INVOICE_BODIES:
        lines = body.get("lineItems")
        if isinstance(lines, list) and lines and all(isinstance(line, dict) for line in lines):
            # With line items the amount is their sum; one sent beside them
            # must equal it, which random data never does: leave it out.
            amount = body.get("amount")
            if isinstance(amount, str) and DECIMAL.match(amount):
                body = {k: v for k, v in body.items() if k != "amount"}
            for line in lines:
                _ordered(line, "servicePeriodStart", "servicePeriodEnd")
    if key in CALCULATION_BODIES:
        # A period spans at most 3660 days, both ends counted (the service's
        # kMaxPeriodDays), so its end is at most 3659 days after its start.
        _ordered(body, "periodStart", "periodEnd", max_days=3659)
    return body
