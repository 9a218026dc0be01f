#include "storage/postgres/migrations.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace billing::storage::postgres {
namespace {

// The same tables as the SQLite schema. Money is BIGINT minor units,
// instants timestamptz, calendar days DATE, months 'YYYY-MM', ids text; no
// floating-point column anywhere. `seq` keeps the write order of rows that
// share a timestamp (SQLite's rowid).
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE customers (
  account_id       text NOT NULL,
  id               text NOT NULL,
  name             text NOT NULL,
  email            text NOT NULL,
  default_currency text NOT NULL,
  create_time      timestamptz NOT NULL,
  update_time      timestamptz NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_by_create_time ON customers (account_id, create_time, id);

CREATE TABLE invoices (
  account_id   text NOT NULL,
  id           text NOT NULL,
  customer_id  text NOT NULL,
  currency     text NOT NULL,
  amount_minor bigint NOT NULL,
  status       text NOT NULL CHECK (status IN ('draft', 'pending', 'paid', 'cancelled')),
  due_date     date NOT NULL,
  notes        text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL,
  update_time  timestamptz NOT NULL,
  process_time timestamptz,
  pay_time     timestamptz,
  cancel_time  timestamptz,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
);
CREATE INDEX invoices_by_create_time ON invoices (account_id, create_time, id);
CREATE INDEX invoices_by_customer ON invoices (account_id, customer_id, create_time, id);
CREATE INDEX invoices_by_status ON invoices (account_id, status, create_time, id);

CREATE TABLE invoice_line_items (
  account_id           text NOT NULL,
  invoice_id           text NOT NULL,
  position             bigint NOT NULL,
  description          text NOT NULL,
  quantity             bigint NOT NULL,
  unit_amount_minor    bigint NOT NULL,
  amount_minor         bigint NOT NULL,
  service_period_start date,
  service_period_end   date,
  PRIMARY KEY (account_id, invoice_id, position),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE,
  CHECK ((service_period_start IS NULL) = (service_period_end IS NULL))
);

CREATE TABLE ledger_entries (
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  account_id   text NOT NULL,
  id           text NOT NULL,
  customer_id  text NOT NULL,
  invoice_id   text NOT NULL,
  kind         text NOT NULL,
  amount_minor bigint NOT NULL,
  currency     text NOT NULL,
  create_time  timestamptz NOT NULL,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id)
);
CREATE INDEX ledger_entries_by_invoice ON ledger_entries (account_id, invoice_id, create_time, seq);
CREATE INDEX ledger_entries_by_customer ON ledger_entries (account_id, customer_id, create_time);

CREATE TABLE outbox_messages (
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  account_id     text NOT NULL,
  id             text NOT NULL,
  topic          text NOT NULL,
  payload        text NOT NULL,
  create_time    timestamptz NOT NULL,
  delivered_time timestamptz,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX outbox_messages_by_create_time ON outbox_messages (account_id, create_time, seq);
CREATE INDEX outbox_messages_undelivered ON outbox_messages (create_time, account_id, id)
  WHERE delivered_time IS NULL;

CREATE TABLE revenue_calculations (
  account_id     text NOT NULL,
  id             text NOT NULL,
  status         text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  customer_id    text,  -- NULL: every customer of the account
  failure_reason text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL,
  start_time     timestamptz,
  complete_time  timestamptz,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX revenue_calculations_by_create_time
  ON revenue_calculations (account_id, create_time, id);
CREATE INDEX revenue_calculations_unfinished
  ON revenue_calculations (create_time, account_id, id)
  WHERE status IN ('queued', 'running');

CREATE TABLE revenue_results (
  account_id       text NOT NULL,
  calculation_id   text NOT NULL,
  position         bigint NOT NULL,
  currency         text NOT NULL,
  recognized_minor bigint NOT NULL,
  deferred_minor   bigint NOT NULL,
  PRIMARY KEY (account_id, calculation_id, position),
  FOREIGN KEY (account_id, calculation_id)
    REFERENCES revenue_calculations (account_id, id) ON DELETE CASCADE
);

CREATE TABLE revenue_schedule_entries (
  account_id      text NOT NULL,
  calculation_id  text NOT NULL,
  result_position bigint NOT NULL,
  position        bigint NOT NULL,
  month           text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  amount_minor    bigint NOT NULL,
  PRIMARY KEY (account_id, calculation_id, result_position, position),
  FOREIGN KEY (account_id, calculation_id, result_position)
    REFERENCES revenue_results (account_id, calculation_id, position) ON DELETE CASCADE
);
)sql";

constexpr std::string_view kApiKeys = R"sql(
CREATE TABLE api_keys (
  id            text NOT NULL PRIMARY KEY,
  account_id    text NOT NULL,
  scopes        text NOT NULL,
  secret_sha256 text NOT NULL,
  create_time   timestamptz NOT NULL,
  revoke_time   timestamptz
);
CREATE INDEX api_keys_by_account ON api_keys (account_id, create_time, id);
)sql";

// The recorded answers of idempotent requests; the primary key is what
// keeps one answer per (account, key) across replicas.
constexpr std::string_view kIdempotencyKeys = R"sql(
CREATE TABLE idempotency_keys (
  account_id  text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  answer      text NOT NULL,
  create_time timestamptz NOT NULL,
  PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_by_create_time ON idempotency_keys (create_time);
)sql";

// Events: newest first per account (seq breaks ties in write order),
// filtered by type or resource; purged by age across accounts.
constexpr std::string_view kEventsAndWebhooks = R"sql(
CREATE TABLE events (
  account_id  text NOT NULL,
  id          text NOT NULL,
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  type        text NOT NULL,
  resource_id text NOT NULL,
  data_json   text NOT NULL,
  create_time timestamptz NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX events_by_create_time ON events (account_id, create_time, seq);
CREATE INDEX events_by_type ON events (account_id, type, create_time, seq);
CREATE INDEX events_by_resource ON events (account_id, resource_id, create_time, seq);
CREATE INDEX events_for_purge ON events (create_time);

CREATE TABLE webhook_endpoints (
  account_id                  text NOT NULL,
  id                          text NOT NULL,
  url                         text NOT NULL,
  event_types                 text NOT NULL,  -- comma-separated
  description                 text NOT NULL DEFAULT '',
  enabled                     boolean NOT NULL,
  secret                      text NOT NULL,
  previous_secret             text NOT NULL DEFAULT '',
  previous_secret_expire_time timestamptz,
  failing_since               timestamptz,
  disabled_reason             text NOT NULL DEFAULT '',
  disable_time                timestamptz,
  create_time                 timestamptz NOT NULL,
  update_time                 timestamptz NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX webhook_endpoints_by_create_time ON webhook_endpoints (account_id, create_time, id);

CREATE TABLE webhook_deliveries (
  account_id        text NOT NULL,
  id                text NOT NULL,
  seq               bigint GENERATED ALWAYS AS IDENTITY,
  endpoint_id       text NOT NULL,
  event_id          text NOT NULL,
  event_type        text NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  last_status_code  integer NOT NULL DEFAULT 0,
  last_error        text NOT NULL DEFAULT '',
  next_attempt_time timestamptz,
  create_time       timestamptz NOT NULL,
  complete_time     timestamptz,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, endpoint_id)
    REFERENCES webhook_endpoints (account_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_by_endpoint
  ON webhook_deliveries (account_id, endpoint_id, create_time, seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_time)
  WHERE status = 'pending';
)sql";
// The totals lists answer with, kept by triggers in the same transaction as
// the rows they count (as in SQLite's migration 6). Each counter is split in
// shards by backend pid, so concurrent writers of one account on different
// connections do not queue on one row lock until commit; a total is the sum
// of at most 16 rows.
constexpr std::string_view kListCounts = R"sql(
CREATE TABLE list_counts (
  account_id  text NOT NULL,
  list        text NOT NULL CHECK (list IN ('customers', 'invoices', 'revenue_calculations')),
  customer_id text NOT NULL,
  status      text NOT NULL,
  shard       smallint NOT NULL,
  n           bigint NOT NULL,
  PRIMARY KEY (account_id, list, customer_id, status, shard)
);

CREATE FUNCTION list_counts_add(a text, l text, c text, s text, d bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO list_counts VALUES (a, l, c, s, pg_backend_pid() % 16, d)
  ON CONFLICT (account_id, list, customer_id, status, shard)
  DO UPDATE SET n = list_counts.n + EXCLUDED.n
$$;

CREATE FUNCTION invoices_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF TG_OP = 'DELETE' THEN PERFORM list_counts_add(OLD.account_id, 'invoices', '', '', -1); END IF;
    PERFORM list_counts_add(OLD.account_id, 'invoices', OLD.customer_id, '', -1);
    PERFORM list_counts_add(OLD.account_id, 'invoices', '', OLD.status, -1);
    PERFORM list_counts_add(OLD.account_id, 'invoices', OLD.customer_id, OLD.status, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF TG_OP = 'INSERT' THEN PERFORM list_counts_add(NEW.account_id, 'invoices', '', '', 1); END IF;
    PERFORM list_counts_add(NEW.account_id, 'invoices', NEW.customer_id, '', 1);
    PERFORM list_counts_add(NEW.account_id, 'invoices', '', NEW.status, 1);
    PERFORM list_counts_add(NEW.account_id, 'invoices', NEW.customer_id, NEW.status, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoices_count AFTER INSERT OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_count();
CREATE TRIGGER invoices_count_update AFTER UPDATE OF customer_id, status ON invoices
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id
                     OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION invoices_count();

-- Customers and revenue calculations: one unfiltered total per account.
CREATE FUNCTION rows_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM list_counts_add(NEW.account_id, TG_TABLE_NAME, '', '', 1);
  ELSE
    PERFORM list_counts_add(OLD.account_id, TG_TABLE_NAME, '', '', -1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_count AFTER INSERT OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION rows_count();
CREATE TRIGGER revenue_calculations_count AFTER INSERT OR DELETE ON revenue_calculations
  FOR EACH ROW EXECUTE FUNCTION rows_count();

INSERT INTO list_counts
  SELECT account_id, 'invoices', '', '', 0, COUNT(*) FROM invoices GROUP BY account_id
  UNION ALL
  SELECT account_id, 'invoices', customer_id, '', 0, COUNT(*) FROM invoices
   GROUP BY account_id, customer_id
  UNION ALL
  SELECT account_id, 'invoices', '', status, 0, COUNT(*) FROM invoices
   GROUP BY account_id, status
  UNION ALL
  SELECT account_id, 'invoices', customer_id, status, 0, COUNT(*) FROM invoices
   GROUP BY account_id, customer_id, status
  UNION ALL
  SELECT account_id, 'customers', '', '', 0, COUNT(*) FROM customers GROUP BY account_id
  UNION ALL
  SELECT account_id, 'revenue_calculations', '', '', 0, COUNT(*) FROM revenue_calculations
   GROUP BY account_id;

-- A list filtered by customer and status walks only the matching rows.
CREATE INDEX invoices_by_customer_status
  ON invoices (account_id, customer_id, status, create_time, id);
)sql";

// Issue 12, as in the SQLite schema: document_sequences' row is locked by
// the UPDATE that takes a number, so replicas issuing at once queue on it
// and a rolled back transaction gives its number back.
constexpr std::string_view kReceivables = R"sql(
ALTER TABLE invoices ADD COLUMN number text;
ALTER TABLE invoices ADD COLUMN amount_paid_minor bigint NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN amount_credited_minor bigint NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX invoices_by_number ON invoices (account_id, number);

ALTER TABLE ledger_entries ADD COLUMN document_id text NOT NULL DEFAULT '';

CREATE TABLE document_sequences (
  account_id    text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  prefix        text NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (account_id, kind)
);

CREATE TABLE payments (
  account_id    text NOT NULL,
  id            text NOT NULL,
  invoice_id    text NOT NULL,
  customer_id   text NOT NULL,
  currency      text NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  method        text NOT NULL
    CHECK (method IN ('bank_transfer', 'card', 'cash', 'check', 'other')),
  reference     text NOT NULL DEFAULT '',
  received_date date NOT NULL,
  create_time   timestamptz NOT NULL,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
);
CREATE INDEX payments_by_create_time ON payments (account_id, create_time, id);
CREATE INDEX payments_by_invoice ON payments (account_id, invoice_id, create_time, id);
CREATE INDEX payments_by_customer ON payments (account_id, customer_id, create_time, id);

CREATE TABLE credit_notes (
  account_id   text NOT NULL,
  id           text NOT NULL,
  number       text NOT NULL,
  invoice_id   text NOT NULL,
  customer_id  text NOT NULL,
  currency     text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  reason       text NOT NULL CHECK (reason IN ('duplicate', 'fraudulent', 'order_change',
                                               'product_unsatisfactory', 'other')),
  memo         text NOT NULL DEFAULT '',
  date         date NOT NULL,
  create_time  timestamptz NOT NULL,
  PRIMARY KEY (account_id, id),
  UNIQUE (account_id, number),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
);
CREATE INDEX credit_notes_by_create_time ON credit_notes (account_id, create_time, id);
CREATE INDEX credit_notes_by_invoice ON credit_notes (account_id, invoice_id, create_time, id);
CREATE INDEX credit_notes_by_customer ON credit_notes (account_id, customer_id, create_time, id);
)sql";

// The email of each processed invoice to its customer; the mail worker
// claims due rows through invoice_emails_due.
constexpr std::string_view kInvoiceEmails = R"sql(
CREATE TABLE invoice_emails (
  account_id        text NOT NULL,
  invoice_id        text NOT NULL,
  status            text NOT NULL
                    CHECK (status IN ('not_configured', 'queued', 'sent', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  queue_time        timestamptz,
  next_attempt_time timestamptz,
  sent_time         timestamptz,
  last_error        text NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, invoice_id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE
);
CREATE INDEX invoice_emails_due ON invoice_emails (next_attempt_time) WHERE status = 'queued';
)sql";

// Secrets every replica shares, created once: the key of page tokens
// (app/page_tokens.h), so that any replica opens a token another gave out.
// 64 hex digits from two gen_random_uuid() (core since PostgreSQL 13):
// 244 random bits.
constexpr std::string_view kServerSecrets = R"sql(
CREATE TABLE server_secrets (
  name  text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO server_secrets (name, value)
  VALUES ('page_tokens', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
)sql";

// The account's organization (the seller), one row per account, written by
// its first update; before that GET answers the defaults. Columns, not a
// document: every field is one value, and the tax id keeps its type beside.
// And the customer's fields as a buyer, empty for existing customers.
constexpr std::string_view kOrganizations = R"sql(
CREATE TABLE organizations (
  account_id                 text NOT NULL PRIMARY KEY,
  legal_name                 text NOT NULL,
  trading_name               text NOT NULL,
  address_line1              text NOT NULL,
  address_line2              text NOT NULL,
  address_city               text NOT NULL,
  address_postal_code        text NOT NULL,
  address_region             text NOT NULL,
  address_country            text NOT NULL,
  tax_id_type                text NOT NULL,
  tax_id                     text NOT NULL,
  company_id                 text NOT NULL,
  email                      text NOT NULL,
  phone                      text NOT NULL,
  iban                       text NOT NULL,
  bic                        text NOT NULL,
  bank_name                  text NOT NULL,
  account_name               text NOT NULL,
  payment_note               text NOT NULL,
  default_payment_terms_days integer NOT NULL,
  invoice_number_prefix      text NOT NULL,
  credit_note_number_prefix  text NOT NULL,
  electronic_address_scheme  text NOT NULL,
  electronic_address_value   text NOT NULL,
  update_time                timestamptz NOT NULL
);
-- The customer as an invoice's buyer (domain/customer_identity.h); tax_ids
-- one "type=value" a line (a validated id has neither "=" nor a newline).
ALTER TABLE customers ADD COLUMN legal_name text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_line1 text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_line2 text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_city text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_postal_code text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_region text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN billing_address_country text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN tax_ids text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN tax_exempt text NOT NULL DEFAULT 'none';
ALTER TABLE customers ADD COLUMN payment_terms_days integer;
ALTER TABLE customers ADD COLUMN electronic_address_scheme text NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN electronic_address_value text NOT NULL DEFAULT '';
-- An invoice's seller and buyer as they were when it was processed
-- (storage/sql/invoice_parties.h), written once.
CREATE TABLE invoice_parties (
  account_id text NOT NULL,
  invoice_id text NOT NULL,
  seller     text NOT NULL,
  buyer      text NOT NULL,
  PRIMARY KEY (account_id, invoice_id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE
);
)sql";

// Issue 19: the account's tax rates. Never deleted (invoices point at
// them): archived with active false. percentage_e4 is in 1/10000 percent
// (19 % is 190000), exact, as domain/tax_rate.h holds it.
constexpr std::string_view kTaxRates = R"sql(
CREATE TABLE tax_rates (
  account_id            text NOT NULL,
  id                    text NOT NULL,
  display_name          text NOT NULL,
  percentage_e4         bigint NOT NULL CHECK (percentage_e4 BETWEEN 0 AND 1000000),
  inclusive             boolean NOT NULL,
  country               text NOT NULL DEFAULT '',
  region                text NOT NULL DEFAULT '',
  category              text NOT NULL CHECK (category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
  exemption_reason      text NOT NULL DEFAULT '',
  exemption_reason_code text NOT NULL DEFAULT '',
  active                boolean NOT NULL,
  create_time           timestamptz NOT NULL,
  update_time           timestamptz NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX tax_rates_by_create_time ON tax_rates (account_id, create_time, id);
)sql";

// Issue 19: tax on invoices. A line's quantity in ten-thousandths (decimal
// up to 4 places; the integer `quantity` column keeps the whole part for
// readers of the old column), its discount, its own rate and the terms of
// the rate that applied (its own or the invoice's default), frozen when
// the invoice is processed: tax_category '' means untaxed. Totals and the
// breakdown are recomputed from these on every read (domain/invoice.h).
// Existing credit notes were on invoices without tax: no tax reversed.
constexpr std::string_view kInvoiceTax = R"sql(
ALTER TABLE invoice_line_items ADD COLUMN quantity_e4 bigint NOT NULL DEFAULT 0;
UPDATE invoice_line_items SET quantity_e4 = quantity * 10000;
ALTER TABLE invoice_line_items ADD COLUMN discount_minor bigint NOT NULL DEFAULT 0;
ALTER TABLE invoice_line_items ADD COLUMN tax_rate_id text NOT NULL DEFAULT '';
ALTER TABLE invoice_line_items ADD COLUMN tax_category text NOT NULL DEFAULT ''
  CHECK (tax_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));
ALTER TABLE invoice_line_items ADD COLUMN tax_percentage_e4 bigint NOT NULL DEFAULT 0;
ALTER TABLE invoice_line_items ADD COLUMN tax_inclusive boolean NOT NULL DEFAULT false;
ALTER TABLE invoice_line_items ADD COLUMN tax_exemption_reason text NOT NULL DEFAULT '';
ALTER TABLE invoice_line_items ADD COLUMN tax_exemption_reason_code text NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN default_tax_rate_id text NOT NULL DEFAULT '';
-- A credit note's tax reversed (its amount stays gross) and its split
-- across the invoice's breakdown, one entry a line (credit_note_repository).
ALTER TABLE credit_notes ADD COLUMN tax_minor bigint NOT NULL DEFAULT 0;
ALTER TABLE credit_notes ADD COLUMN tax_breakdown text NOT NULL DEFAULT '';
-- TAX_RATE_IN_USE asks whether an invoice names a rate (tax_rate_repository).
CREATE INDEX invoice_line_items_by_tax_rate ON invoice_line_items (account_id, tax_rate_id)
  WHERE tax_rate_id <> '';
CREATE INDEX invoices_by_default_tax_rate ON invoices (account_id, default_tax_rate_id)
  WHERE default_tax_rate_id <> '';
)sql";

// Issue 23: what else an issued invoice's document shows, frozen with its
// parties (storage/sql/invoice_parties.h: due date, notes, payment terms and
// instructions, template version); '' for rows frozen before.
constexpr std::string_view kInvoiceDocumentTerms = R"sql(
ALTER TABLE invoice_parties ADD COLUMN terms text NOT NULL DEFAULT '';
)sql";

// Issue 22 (collections): the organization's calendar, and drafts created
// without a due date (the same flag as SQLite's, which cannot drop NOT NULL
// from due_date without rebuilding invoices).
constexpr std::string_view kCollections = R"sql(
ALTER TABLE organizations ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE invoices ADD COLUMN due_date_set boolean NOT NULL DEFAULT true;
)sql";

// Issue 20: a draft has no number, yet every draft wrote a NULL entry into
// the unique number index (one more page per CreateInvoice on SQLite, of
// about 18). Lookups by number (`number = ?`) imply NOT NULL, so both
// planners use the partial index.
constexpr std::string_view kDraftsOutOfTheNumberIndex = R"sql(
DROP INDEX invoices_by_number;
CREATE UNIQUE INDEX invoices_by_number ON invoices (account_id, number) WHERE number IS NOT NULL;
)sql";

// When the invoice.overdue event was recorded: set once, by the scan that
// claims it (UPDATE ... WHERE it IS NULL), so that it is recorded once.
constexpr std::string_view kOverdueEvents = R"sql(
ALTER TABLE invoices ADD COLUMN overdue_event_time timestamptz;
)sql";

// Each customer's balance per currency, kept with every ledger entry
// (Ledger::Insert), so that booking an entry reads one row rather than
// summing the customer's whole ledger. Filled from the ledger here; bigint
// addition fails rather than wraps on an overflow.
constexpr std::string_view kCustomerBalances = R"sql(
CREATE TABLE customer_balances (
  account_id   text NOT NULL,
  customer_id  text NOT NULL,
  currency     text NOT NULL,
  amount_minor bigint NOT NULL,
  PRIMARY KEY (account_id, customer_id, currency),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
);
INSERT INTO customer_balances (account_id, customer_id, currency, amount_minor)
  SELECT account_id, customer_id, currency, SUM(amount_minor) FROM ledger_entries
  GROUP BY account_id, customer_id, currency;
)sql";

// Issue 23: a customer may ask for the UBL e-invoice attached to its
// invoice emails without having an electronic address.
constexpr std::string_view kCustomerInvoiceDelivery = R"sql(
ALTER TABLE customers ADD COLUMN attach_e_invoice boolean NOT NULL DEFAULT false;
)sql";

// Issue 22 (write-offs): status 'uncollectible'. The initial schema's
// column CHECK has PostgreSQL's default name.
constexpr std::string_view kUncollectibleInvoices = R"sql(
ALTER TABLE invoices DROP CONSTRAINT invoices_status_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_status_check
  CHECK (status IN ('draft', 'pending', 'paid', 'cancelled', 'uncollectible'));
)sql";

// The email of each credit note to its customer, queued in the transaction
// that issues it; the mail worker claims due rows as for invoices.
constexpr std::string_view kCreditNoteEmails = R"sql(
CREATE TABLE credit_note_emails (
  account_id        text NOT NULL,
  credit_note_id    text NOT NULL,
  status            text NOT NULL
                    CHECK (status IN ('not_configured', 'queued', 'sent', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  queue_time        timestamptz,
  next_attempt_time timestamptz,
  sent_time         timestamptz,
  last_error        text NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, credit_note_id),
  FOREIGN KEY (account_id, credit_note_id) REFERENCES credit_notes (account_id, id)
);
CREATE INDEX credit_note_emails_due ON credit_note_emails (next_attempt_time)
  WHERE status = 'queued';
)sql";

// Issue 22: payment reminders. The organization's schedule ("-3,1,7,14,30",
// "" none) and the customer's opt-out; each reminder a scan claims, once
// per (invoice, offset) by the primary key, is also its email's queue row.
constexpr std::string_view kInvoiceReminders = R"sql(
ALTER TABLE organizations ADD COLUMN reminder_schedule text NOT NULL DEFAULT '-3,1,7,14,30';
ALTER TABLE customers ADD COLUMN reminders_enabled boolean NOT NULL DEFAULT true;
CREATE TABLE invoice_reminders (
  account_id        text NOT NULL,
  invoice_id        text NOT NULL,
  offset_days       integer NOT NULL,
  scheduled_date    date NOT NULL,
  claim_date        date NOT NULL,
  status            text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
  claim_time        timestamptz NOT NULL,
  sent_time         timestamptz,
  error             text NOT NULL DEFAULT '',
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_time timestamptz,
  PRIMARY KEY (account_id, invoice_id, offset_days),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE
);
CREATE INDEX invoice_reminders_due ON invoice_reminders (next_attempt_time)
  WHERE status = 'queued';
)sql";

// The aging report (Ledger::OpenAmountsBefore): covering indexes for the
// sum of each invoice's entries before a cutoff and for the invoice's
// customer, currency and due date; the invoices' one holds processed
// invoices only (entries exist from processing on).
constexpr std::string_view kAgingIndexes = R"sql(
DROP INDEX ledger_entries_by_invoice;
CREATE INDEX ledger_entries_by_invoice
  ON ledger_entries (account_id, invoice_id, create_time, seq) INCLUDE (amount_minor);
CREATE INDEX invoices_processed ON invoices (account_id, id)
  INCLUDE (customer_id, currency, due_date) WHERE process_time IS NOT NULL;
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema", kInitialSchema},
    {2, "api keys", kApiKeys},
    {3, "idempotency keys", kIdempotencyKeys},
    {4, "events and webhooks", kEventsAndWebhooks},
    {5, "receivables", kReceivables},
    {6, "list counts", kListCounts},
    {7, "invoice emails", kInvoiceEmails},
    {8, "server secrets", kServerSecrets},
    {9, "organizations, buyers and invoice parties", kOrganizations},
    {10, "tax rates", kTaxRates},
    {11, "invoice tax", kInvoiceTax},
    {12, "invoice document terms", kInvoiceDocumentTerms},
    {13, "collections", kCollections},
    {14, "drafts out of the number index", kDraftsOutOfTheNumberIndex},
    {15, "overdue events", kOverdueEvents},
    {16, "customer balances", kCustomerBalances},
    {17, "customer invoice delivery", kCustomerInvoiceDelivery},
    {18, "uncollectible invoices", kUncollectibleInvoices},
    {19, "credit note emails", kCreditNoteEmails},
    {20, "invoice reminders", kInvoiceReminders},
    {21, "aging indexes", kAgingIndexes},
};

// Any constant will do as long as every billing-server uses the same one.
constexpr char kMigrationLockKey[] = "7462696c6c696e67";  // "billing" in hex, roughly

absl::Status ApplyOne(PgConnection& conn, const Migration& migration) {
  RETURN_IF_ERROR(conn.Exec("BEGIN"));
  absl::Status status = conn.Exec(migration.sql);
  if (status.ok()) {
    status = conn.Query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        {absl::StrCat(migration.version), std::string(migration.name)})
                 .status();
  }
  if (status.ok()) return conn.Exec("COMMIT");
  conn.Exec("ROLLBACK").IgnoreError();
  return MigrationFailed(migration, status);
}

absl::Status ApplyLocked(PgConnection& conn) {
  RETURN_IF_ERROR(conn.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
      "name text NOT NULL, applied_time timestamptz NOT NULL DEFAULT now())"));
  ASSIGN_OR_RETURN(int current, AppliedSchemaVersion(conn));
  ASSIGN_OR_RETURN(absl::Span<const Migration> pending, PendingMigrations(Migrations(), current));
  for (const Migration& migration : pending) RETURN_IF_ERROR(ApplyOne(conn, migration));
  return absl::OkStatus();
}

}  // namespace

absl::Span<const Migration> Migrations() { return kMigrations; }

absl::StatusOr<int> AppliedSchemaVersion(PgConnection& conn) {
  ASSIGN_OR_RETURN(PgResult result,
                   conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(result.Int64(0, 0));
}

absl::Status ApplyMigrations(PgConnection& conn) {
  // Session-level: held across the per-migration transactions; a second
  // replica waits here and then finds nothing left to do.
  RETURN_IF_ERROR(conn.Exec(absl::StrCat("SELECT pg_advisory_lock(x'", kMigrationLockKey,
                                         "'::bigint)")));
  absl::Status status = ApplyLocked(conn);
  absl::Status unlocked = conn.Exec(
      absl::StrCat("SELECT pg_advisory_unlock(x'", kMigrationLockKey, "'::bigint)"));
  RETURN_IF_ERROR(status);
  return unlocked;
}

}  // namespace billing::storage::postgres
