"""Schemathesis hooks: the service's rules that JSON Schema cannot state (each
one in the document's prose: cross-field and cross-resource rules, page
tokens and idempotency keys the service gave or saw), applied to every
generated request just before it is sent, so that data valid by the schema
is valid for the service too. Every check still runs. A hook changes a
request only where the fields it touches are each well formed, so a
negative case (one field broken on purpose) stays as broken as it was
generated.

Loaded through SCHEMATHESIS_HOOKS=schemathesis_hooks (tests/contract/run.sh).
"""
import datetime
import decimal
import re
import uuid

import schemathesis

DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
INVOICE_BODIES = {("POST", "/api/v1/invoices"), ("PUT", "/api/v1/invoices/{invoice-id}"),
                  ("PATCH", "/api/v1/invoices/{invoice-id}")}
CALCULATION_BODIES = {("POST", "/api/v1/revenue-calculations")}
PAYMENT_BODIES = {("POST", "/api/v1/invoices/{invoice-id}/payments")}
CREDIT_NOTE_BODIES = {("POST", "/api/v1/invoices/{invoice-id}/credit-notes")}
WEBHOOK_BODIES = {("POST", "/api/v1/webhook-endpoints"),
                  ("PATCH", "/api/v1/webhook-endpoints/{webhook-endpoint-id}")}
CUSTOMER_BODIES = {("POST", "/api/v1/customers"), ("PUT", "/api/v1/customers/{customer-id}"),
                   ("PATCH", "/api/v1/customers/{customer-id}")}
ORGANIZATION_BODIES = {("PATCH", "/api/v1/organization")}
TAX_RATE_BODIES = {("POST", "/api/v1/tax-rates"), ("PATCH", "/api/v1/tax-rates/{tax-rate-id}")}
CURRENCY = re.compile(r"^[A-Z]{3}$")
# The document's url schema (pattern, maxLength 2048).
WEBHOOK_URL = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f\x7f-\x9f]{1,2040}$")
# The document's Idempotency-Key schema: 1-255 printable ASCII characters.
IDEMPOTENCY_KEY = re.compile(r"^[ -~]{1,255}$")


def _date(value):
    if not isinstance(value, str) or not DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _paired(obj, start, end):
    """A service period has both ends or neither (an empty string is
    neither, as protojson reads it)."""
    a, b = obj.get(start), obj.get(end)
    if _date(a) is not None and b in (None, ""):
        obj[end] = a
    elif _date(b) is not None and a in (None, ""):
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


# The document's date pattern: a month's day may still be one it lacks.
SCHEMA_DATE = re.compile(r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
DATE_FIELDS = ("dueDate", "receivedDate", "periodStart", "periodEnd", "asOf",
               "servicePeriodStart", "servicePeriodEnd")


def _calendar_days(obj):
    """A date's pattern admits days no month has (1450-06-31): move such a
    day to the 28th, so the date is real. Other values stay as they are."""
    for field in DATE_FIELDS:
        value = obj.get(field)
        if isinstance(value, str) and SCHEMA_DATE.match(value) and _date(value) is None:
            obj[field] = value[:8] + "28"


def _quantity(line):
    """A line's quantity is `quantity` (at least 1) or `quantityDecimal`
    (then `quantity` is 0 or the same); a discount is at most the line's
    amount (issue 19): cross-field rules, stated in the prose. Keep the
    quantity the document allows and leave the discount out."""
    decimal_text = line.get("quantityDecimal")
    if isinstance(decimal_text, str) and decimal_text != "":
        if DECIMAL.match(decimal_text) and decimal.Decimal(decimal_text) > 0:
            line["quantity"] = 0
            if decimal.Decimal(decimal_text) > 1000:  # room for any unitAmount
                line["quantityDecimal"] = "1"
        else:
            line["quantityDecimal"] = ""
    if line.get("quantityDecimal") in (None, ""):
        quantity = line.get("quantity")
        if quantity is None or (isinstance(quantity, int) and not isinstance(quantity, bool)
                                and quantity < 1):
            line["quantity"] = 1
    line.pop("discountAmount", None)


def _body(key, body):
    """The body rules, by (METHOD, path template)."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    _calendar_days(body)
    if isinstance(body.get("lineItems"), list):
        for line in body["lineItems"]:
            if isinstance(line, dict):
                _calendar_days(line)
                _quantity(line)
    if key in INVOICE_BODIES and key[0] != "PATCH":
        # Without line items the amount is required (the document's prose).
        lines = body.get("lineItems")
        if (lines is None or lines == []) and body.get("amount") in (None, ""):
            body = dict(body, amount="10.00")
    if key[0] == "PATCH" and key in INVOICE_BODIES and "lineItems" not in body:
        # A PATCHed amount must equal the sum of the lines the invoice
        # already has, which a generated body cannot know: leave it out.
        amount = body.get("amount")
        if isinstance(amount, str) and DECIMAL.match(amount):
            body = {k: v for k, v in body.items() if k != "amount"}
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
    if key in INVOICE_BODIES:
        # A due date is not before the issue date, the day the invoice is
        # processed (the document's prose): a past one moves two days ahead,
        # after today in any zone.
        due = _date(body.get("dueDate"))
        if due is not None and due < datetime.date.today() + datetime.timedelta(days=2):
            body = dict(body, dueDate=(datetime.date.today() + datetime.timedelta(days=2)).isoformat())
    if key in PAYMENT_BODIES or key in CREDIT_NOTE_BODIES:
        # A payment or credit note is in its invoice's currency (the
        # document's prose), and may leave it out; a generated code is some
        # other one.
        currency = body.get("currency")
        if isinstance(currency, str) and CURRENCY.match(currency):
            body = {k: v for k, v in body.items() if k != "currency"}
    if key in PAYMENT_BODIES or key in CREDIT_NOTE_BODIES:
        body = dict(body)
        _bounded(body, "amount")
        # A payment was received by today (the document's prose).
        today = datetime.date.today()
        received = _date(body.get("receivedDate"))
        if received is not None and received > today:
            body["receivedDate"] = today.isoformat()
    if key in WEBHOOK_BODIES and isinstance(body.get("eventTypes"), list) and len(body["eventTypes"]) > 1:
        # "*" means every type and stands alone (the document's prose).
        body = dict(body, eventTypes=[t for t in body["eventTypes"] if t != "*"])
    if key in WEBHOOK_BODIES and isinstance(body.get("url"), str) and WEBHOOK_URL.match(body["url"]):
        # The host must resolve to allowed addresses (the document's prose);
        # a generated host is a random name (a DNS lookup here may stall
        # for seconds) or number ("0" is 0.0.0.0). run.sh's server allows
        # private networks, as a test setup does, so loopback is allowed:
        # port 9, where nothing listens, refuses every delivery at once.
        body = dict(body, url="http://127.0.0.1:9/billing-events")
    if key in ORGANIZATION_BODIES and "address" in body and body["address"] is None:
        # Clearing the address would leave the organization's tax id (set by
        # an earlier case) without the country its format follows (the
        # document's prose): send a valid address instead.
        body = dict(body, address=dict(VALID_ADDRESS))
    if key in CUSTOMER_BODIES or key in ORGANIZATION_BODIES:
        body = _identity(body)
    if key in TAX_RATE_BODIES:
        body = _tax_rate(body, creating=key[0] == "POST")
    if key in CALCULATION_BODIES:
        # A period spans at most 3660 days, both ends counted (the service's
        # kMaxPeriodDays), so its end is at most 3659 days after its start.
        _ordered(body, "periodStart", "periodEnd", max_days=3659)
    return body


# A valid address, tax id and so on, for the seller and buyer fields whose
# rules (ISO 3166-1 codes, IBAN check digits, each tax id type's format,
# E.164 phones, EAS schemes) are the document's prose.
VALID_ADDRESS = {"line1": "Hauptstrasse 5", "city": "Berlin", "postalCode": "10115", "country": "DE"}
VALID_TEXT = {"legalName": "Schemathesis GmbH", "tradingName": "Schemathesis", "companyId": "HRB 1",
              "email": "ap@example.com", "phone": "+49 30 1234567", "taxExempt": "none"}


def _identity(body):
    body = dict(body)
    for field in ("address", "billingAddress"):
        if isinstance(body.get(field), dict):
            body[field] = dict(VALID_ADDRESS)
    for field, value in VALID_TEXT.items():
        if isinstance(body.get(field), str):
            body[field] = value
    if isinstance(body.get("taxIds"), list) and all(isinstance(t, dict) for t in body["taxIds"]):
        body["taxIds"] = [{"type": "eu_vat", "value": "DE811907980"}] if body["taxIds"] else []
    if isinstance(body.get("taxId"), str):
        body["taxId"] = "DE811907980"
        body["address"] = dict(VALID_ADDRESS)
    elif "address" in body and body["address"] is None and "billingAddress" not in body:
        # A tax id follows its address's country (the document's prose):
        # clearing the address clears a stored tax id with it.
        body["taxId"] = ""
    if isinstance(body.get("timeZone"), str):
        # An IANA name the tz database knows (the document's prose).
        body["timeZone"] = "UTC"
    for field in ("paymentTermsDays", "defaultPaymentTermsDays"):
        if isinstance(body.get(field), int) and not isinstance(body.get(field), bool):
            body[field] = 30
    schedule = body.get("reminderSchedule")
    if isinstance(schedule, list) and all(isinstance(o, int) and not isinstance(o, bool) for o in schedule):
        # Offsets from -365 to 365, none repeated, at most 12 (the document's prose).
        kept = []
        for offset in schedule:
            offset = max(-365, min(365, offset))
            if offset not in kept:
                kept.append(offset)
        body["reminderSchedule"] = kept[:12]
    if isinstance(body.get("paymentInstructions"), dict):
        body["paymentInstructions"] = {"iban": "DE89370400440532013000", "bic": "COBADEFFXXX"}
    if isinstance(body.get("electronicAddress"), dict):
        body["electronicAddress"] = {"scheme": "0088", "value": "4035811991021"}
    for field in ("invoiceNumberPrefix", "creditNoteNumberPrefix"):
        if isinstance(body.get(field), str):
            body[field] = "INV-" if field == "invoiceNumberPrefix" else "CN-"
    return body


# A tax rate's terms depend on its category (the document's prose: EN 16931
# BR-*-5 and BR-*-10): s takes a percentage above 0 and no exemption, z 0 %
# and none, the others 0 % and a VATEX code of their own.
TAX_TERMS = ("percentage", "category", "exemptionReasonCode", "exemptionReason")
VATEX_OF = {"e": "VATEX-EU-132", "ae": "VATEX-EU-AE", "k": "VATEX-EU-IC", "g": "VATEX-EU-G",
            "o": "VATEX-EU-O"}
PERCENTAGE = re.compile(r"^(100(\.0{1,4})?|[0-9]{1,2}(\.[0-9]{1,4})?)$")
ONE_LINE = re.compile(r"^[^\x00-\x1f\x7f-\x9f]*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
INVISIBLE = "\u180e\u200b\u200c\u200d\u2060\ufeff"


def _tax_rate(body, creating):
    """On create, and on a PATCH that names any of the terms, the terms are
    made one consistent set (all sent, so a PATCH's mask names them all):
    the category as generated, the rest to suit it. A malformed term, or a
    create without its required category or percentage, is left as it was
    (a negative case stays broken)."""
    body = dict(body)
    if body.get("active") is False:
        # An archived rate is refused on an invoice line (the document's
        # prose), a state a later generated invoice cannot know: the run
        # keeps its rates active. gateway/e2e/tax_rates_test.go archives.
        body["active"] = True
    name = body.get("displayName")
    if isinstance(name, str) and 0 < len(name) <= 100 and ONE_LINE.match(name) and \
            not name.strip(INVISIBLE).strip():
        # Only invisible characters (zero-width, BOM), which the service trims
        # (domain/text.h TrimText) and JSON Schema's \s does not know.
        body["displayName"] = "VAT"
    if isinstance(body.get("country"), str) and COUNTRY.match(body["country"]):
        body["country"] = "DE"  # a pair of letters is not always an ISO 3166-1 code
    present = [t for t in TAX_TERMS if t in body]
    if not present or creating and ("category" not in body or "percentage" not in body):
        return body
    category = body.get("category", "s")
    percentage = body.get("percentage", "19")
    code = body.get("exemptionReasonCode", "")
    reason = body.get("exemptionReason", "")
    if not isinstance(category, str) or (category not in ("s", "z") and category not in VATEX_OF) or \
            not isinstance(percentage, str) or not PERCENTAGE.match(percentage) or \
            not isinstance(code, str) or not (code == "" or re.match(r"^VATEX-[A-Z0-9-]{1,30}$", code)) or \
            not isinstance(reason, str) or len(reason) > 500 or not ONE_LINE.match(reason):
        return body
    body["category"] = category
    if category == "s":
        body["percentage"] = percentage if decimal.Decimal(percentage) > 0 else "19"
        body["exemptionReasonCode"], body["exemptionReason"] = "", ""
    elif category == "z":
        body["percentage"], body["exemptionReasonCode"], body["exemptionReason"] = "0", "", ""
    else:
        body["percentage"], body["exemptionReasonCode"] = "0", VATEX_OF[category]
        body["exemptionReason"] = reason
    return body


# A PATCH body naming only read-only fields changes nothing and is 400
# VALIDATION_ERROR (the document's prose); a generated one often does. Such
# a body gets one field the PATCH can change in every state, so that the
# read-only ones are still sent and ignored beside it.
PATCH_WRITABLE = {
    ("PATCH", "/api/v1/customers/{customer-id}"): ("name", "Schemathesis"),
    ("PATCH", "/api/v1/invoices/{invoice-id}"): ("notes", "schemathesis"),
    ("PATCH", "/api/v1/webhook-endpoints/{webhook-endpoint-id}"): ("description", "schemathesis"),
    ("PATCH", "/api/v1/organization"): ("tradingName", "Schemathesis"),
    ("PATCH", "/api/v1/tax-rates/{tax-rate-id}"): ("displayName", "Schemathesis"),
}


def _ignored_fields(case):
    """The JSON names the operation's request-body schema marks
    x-billing-ignored (read-only fields sent back as GET returned them)."""
    try:
        raw = case.operation.schema.raw_schema
        ref = case.operation.definition.raw["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = raw["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return {name for name, p in schema.get("properties", {}).items() if p.get("x-billing-ignored")}
    except (AttributeError, KeyError, TypeError):
        return set()


def _patch_names_something(key, case):
    body = case.body
    if key not in PATCH_WRITABLE or not isinstance(body, dict) or not body:
        return body
    ignored = _ignored_fields(case)
    if ignored and all(name in ignored for name in body):
        field, value = PATCH_WRITABLE[key]
        body = dict(body, **{field: value})
    return body


def _headers(headers):
    """An Idempotency-Key names one request: the same key with another
    request is 422 IDEMPOTENCY_KEY_REUSED (the document's prose), and
    generated keys repeat across cases ("0", the example's). Each call gets a
    key of its own that keeps the generated one's start; a malformed key (a
    negative case) is left as it was."""
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and IDEMPOTENCY_KEY.match(value):
            headers[name] = value[:255 - 33] + "-" + uuid.uuid4().hex


def _query(query):
    """A page token is one the list gave out (nextPageToken; the document's
    prose), which a generated one never is: leave a well-formed one out."""
    if isinstance(query, dict) and isinstance(query.get("pageToken"), str) and query["pageToken"]:
        query = {k: v for k, v in query.items() if k != "pageToken"}
    if isinstance(query, dict) and "periodStart" in query and "periodEnd" in query:
        # The tax report's period, bounded as a calculation's (prose).
        query = dict(query)
        _ordered(query, "periodStart", "periodEnd", max_days=3659)
    if isinstance(query, dict) and "asOf" in query:
        # The aging report's day: a real one, as a body's dates.
        query = dict(query)
        _calendar_days(query)
    return query


@schemathesis.hook
def before_call(context, case, **kwargs):
    """Every phase's cases pass here just before they are sent (the map_*
    hooks do not see the coverage phase's), so the rules apply to all."""
    key = (case.operation.method.upper(), case.operation.path)
    case.body = _body(key, case.body)
    case.body = _patch_names_something(key, case)
    case.query = _query(case.query)
    if case.headers:
        _headers(case.headers)
