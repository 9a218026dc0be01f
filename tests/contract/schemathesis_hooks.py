"""Schemathesis hooks: the service's cross-field rules that JSON Schema cannot
state (each one in the document's prose), applied to generated bodies so that data valid by the schema is valid
for the service too. Every check still runs. A hook changes a body only where
the fields it touches are each well formed, so a negative case (one field
broken on purpose) stays as broken as it was generated.

Loaded through SCHEMATHESIS_HOOKS=schemathesis_hooks (tests/contract/run.sh).
"""
import datetime
import decimal
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


def _paired(obj, start, end):
    """A service period has both ends or neither."""
    a, b = obj.get(start), obj.get(end)
    if _date(a) is not None and b is None:
        obj[end] = a
    elif _date(b) is not None and a is None:
        obj[start] = b


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


def _bounded(obj, field):
    """How many decimals an amount may have, and how many digits fit in
    2^63-1 minor units, depend on the currency (cross-field rules, stated in
    the document's prose): keep a whole number of at most 15 digits, which
    fits every currency."""
    value = obj.get(field)
    if isinstance(value, str) and DECIMAL.match(value):
        # Whole (JPY has no decimals, KWD three) and above zero (an invoice
        # for nothing is refused; the sum of lines must be positive).
        integer = (value.partition(".")[0].lstrip("0") or "1")[:15]
        obj[field] = integer


def _fits(line, count):
    """A line's amount (quantity x unitAmount) and the invoice's total must
    fit a signed 64-bit count of minor units (the document's prose on
    `quantity`); random data multiplies past it. Assume 3 decimals, the most
    any currency has, and room for every line: bring the quantity down to 1."""
    quantity, unit = line.get("quantity"), line.get("unitAmount")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 1:
        return
    if not isinstance(unit, str) or not DECIMAL.match(unit):
        return
    if quantity * decimal.Decimal(unit) * 1000 * count >= 2**63:
        line["quantity"] = 1


@schemathesis.hook
def map_body(context, body):
    if context.operation is None or not isinstance(body, dict):
        return body
    key = (context.operation.method.upper(), context.operation.path)
    if key in INVOICE_BODIES and key[0] != "PATCH":
        # Without line items the amount is required (the document's prose).
        lines = body.get("lineItems")
        if (lines is None or lines == []) and "amount" not in body:
            body = dict(body, amount="10.00")
    if key in INVOICE_BODIES:
        body = dict(body)
        _bounded(body, "amount")
        lines = body.get("lineItems")
        if isinstance(lines, list) and all(isinstance(line, dict) for line in lines):
            for line in lines:
                _bounded(line, "unitAmount")
        if isinstance(lines, list) and lines and all(isinstance(line, dict) for line in lines):
            # With line items the amount is their sum; one sent beside them
            # must equal it, which random data never does: leave it out.
            amount = body.get("amount")
            if isinstance(amount, str) and DECIMAL.match(amount):
                body = {k: v for k, v in body.items() if k != "amount"}
            for line in lines:
                _paired(line, "servicePeriodStart", "servicePeriodEnd")
                _ordered(line, "servicePeriodStart", "servicePeriodEnd")
                _fits(line, len(lines))
    if key in CALCULATION_BODIES:
        # A period spans at most 3660 days, both ends counted (the service's
        # kMaxPeriodDays), so its end is at most 3659 days after its start.
        _ordered(body, "periodStart", "periodEnd", max_days=3659)
    return body
