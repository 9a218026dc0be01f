--
-- PostgreSQL database dump
--

\restrict IKay22BqxX402M6AUX8PiVWqrz5qS0d4eGI04uVrjrRe0yq5omCA5R5UhqL2CMS

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: billing_upgrade_fixture; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing_upgrade_fixture;


--
-- Name: invoices_count(); Type: FUNCTION; Schema: billing_upgrade_fixture; Owner: -
--

CREATE FUNCTION billing_upgrade_fixture.invoices_count() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: list_counts_add(text, text, text, text, bigint); Type: FUNCTION; Schema: billing_upgrade_fixture; Owner: -
--

CREATE FUNCTION billing_upgrade_fixture.list_counts_add(a text, l text, c text, s text, d bigint) RETURNS void
    LANGUAGE sql
    AS $$
  INSERT INTO list_counts VALUES (a, l, c, s, pg_backend_pid() % 16, d)
  ON CONFLICT (account_id, list, customer_id, status, shard)
  DO UPDATE SET n = list_counts.n + EXCLUDED.n
$$;


--
-- Name: rows_count(); Type: FUNCTION; Schema: billing_upgrade_fixture; Owner: -
--

CREATE FUNCTION billing_upgrade_fixture.rows_count() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM list_counts_add(NEW.account_id, TG_TABLE_NAME, '', '', 1);
  ELSE
    PERFORM list_counts_add(OLD.account_id, TG_TABLE_NAME, '', '', -1);
  END IF;
  RETURN NULL;
END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_keys; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.api_keys (
    id text NOT NULL,
    account_id text NOT NULL,
    scopes text NOT NULL,
    secret_sha256 text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    revoke_time timestamp with time zone
);


--
-- Name: credit_notes; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.credit_notes (
    account_id text NOT NULL,
    id text NOT NULL,
    number text NOT NULL,
    invoice_id text NOT NULL,
    customer_id text NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL,
    reason text NOT NULL,
    memo text DEFAULT ''::text NOT NULL,
    date date NOT NULL,
    create_time timestamp with time zone NOT NULL,
    tax_minor bigint DEFAULT 0 NOT NULL,
    tax_breakdown text DEFAULT ''::text NOT NULL,
    CONSTRAINT credit_notes_amount_minor_check CHECK ((amount_minor > 0)),
    CONSTRAINT credit_notes_reason_check CHECK ((reason = ANY (ARRAY['duplicate'::text, 'fraudulent'::text, 'order_change'::text, 'product_unsatisfactory'::text, 'other'::text])))
);


--
-- Name: customers; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.customers (
    account_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    default_currency text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    update_time timestamp with time zone NOT NULL,
    legal_name text DEFAULT ''::text NOT NULL,
    billing_address_line1 text DEFAULT ''::text NOT NULL,
    billing_address_line2 text DEFAULT ''::text NOT NULL,
    billing_address_city text DEFAULT ''::text NOT NULL,
    billing_address_postal_code text DEFAULT ''::text NOT NULL,
    billing_address_region text DEFAULT ''::text NOT NULL,
    billing_address_country text DEFAULT ''::text NOT NULL,
    tax_ids text DEFAULT ''::text NOT NULL,
    tax_exempt text DEFAULT 'none'::text NOT NULL,
    payment_terms_days integer,
    electronic_address_scheme text DEFAULT ''::text NOT NULL,
    electronic_address_value text DEFAULT ''::text NOT NULL
);


--
-- Name: document_sequences; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.document_sequences (
    account_id text NOT NULL,
    kind text NOT NULL,
    prefix text NOT NULL,
    last_sequence bigint NOT NULL,
    CONSTRAINT document_sequences_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'credit_note'::text])))
);


--
-- Name: events; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.events (
    account_id text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    type text NOT NULL,
    resource_id text NOT NULL,
    data_json text NOT NULL,
    create_time timestamp with time zone NOT NULL
);


--
-- Name: events_seq_seq; Type: SEQUENCE; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE billing_upgrade_fixture.events ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing_upgrade_fixture.events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.idempotency_keys (
    account_id text NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    answer text NOT NULL,
    create_time timestamp with time zone NOT NULL
);


--
-- Name: invoice_emails; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.invoice_emails (
    account_id text NOT NULL,
    invoice_id text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    queue_time timestamp with time zone,
    next_attempt_time timestamp with time zone,
    sent_time timestamp with time zone,
    last_error text DEFAULT ''::text NOT NULL,
    CONSTRAINT invoice_emails_status_check CHECK ((status = ANY (ARRAY['not_configured'::text, 'queued'::text, 'sent'::text, 'failed'::text])))
);


--
-- Name: invoice_line_items; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.invoice_line_items (
    account_id text NOT NULL,
    invoice_id text NOT NULL,
    "position" bigint NOT NULL,
    description text NOT NULL,
    quantity bigint NOT NULL,
    unit_amount_minor bigint NOT NULL,
    amount_minor bigint NOT NULL,
    service_period_start date,
    service_period_end date,
    quantity_e4 bigint DEFAULT 0 NOT NULL,
    discount_minor bigint DEFAULT 0 NOT NULL,
    tax_rate_id text DEFAULT ''::text NOT NULL,
    tax_category text DEFAULT ''::text NOT NULL,
    tax_percentage_e4 bigint DEFAULT 0 NOT NULL,
    tax_inclusive boolean DEFAULT false NOT NULL,
    tax_exemption_reason text DEFAULT ''::text NOT NULL,
    tax_exemption_reason_code text DEFAULT ''::text NOT NULL,
    CONSTRAINT invoice_line_items_check CHECK (((service_period_start IS NULL) = (service_period_end IS NULL))),
    CONSTRAINT invoice_line_items_tax_category_check CHECK ((tax_category = ANY (ARRAY[''::text, 'S'::text, 'Z'::text, 'E'::text, 'AE'::text, 'K'::text, 'G'::text, 'O'::text])))
);


--
-- Name: invoice_parties; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.invoice_parties (
    account_id text NOT NULL,
    invoice_id text NOT NULL,
    seller text NOT NULL,
    buyer text NOT NULL,
    terms text DEFAULT ''::text NOT NULL
);


--
-- Name: invoices; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.invoices (
    account_id text NOT NULL,
    id text NOT NULL,
    customer_id text NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL,
    status text NOT NULL,
    due_date date NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    update_time timestamp with time zone NOT NULL,
    process_time timestamp with time zone,
    pay_time timestamp with time zone,
    cancel_time timestamp with time zone,
    number text,
    amount_paid_minor bigint DEFAULT 0 NOT NULL,
    amount_credited_minor bigint DEFAULT 0 NOT NULL,
    default_tax_rate_id text DEFAULT ''::text NOT NULL,
    due_date_set boolean DEFAULT true NOT NULL,
    CONSTRAINT invoices_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'pending'::text, 'paid'::text, 'cancelled'::text])))
);


--
-- Name: ledger_entries; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.ledger_entries (
    seq bigint NOT NULL,
    account_id text NOT NULL,
    id text NOT NULL,
    customer_id text NOT NULL,
    invoice_id text NOT NULL,
    kind text NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    document_id text DEFAULT ''::text NOT NULL
);


--
-- Name: ledger_entries_seq_seq; Type: SEQUENCE; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE billing_upgrade_fixture.ledger_entries ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing_upgrade_fixture.ledger_entries_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: list_counts; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.list_counts (
    account_id text NOT NULL,
    list text NOT NULL,
    customer_id text NOT NULL,
    status text NOT NULL,
    shard smallint NOT NULL,
    n bigint NOT NULL,
    CONSTRAINT list_counts_list_check CHECK ((list = ANY (ARRAY['customers'::text, 'invoices'::text, 'revenue_calculations'::text])))
);


--
-- Name: organizations; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.organizations (
    account_id text NOT NULL,
    legal_name text NOT NULL,
    trading_name text NOT NULL,
    address_line1 text NOT NULL,
    address_line2 text NOT NULL,
    address_city text NOT NULL,
    address_postal_code text NOT NULL,
    address_region text NOT NULL,
    address_country text NOT NULL,
    tax_id_type text NOT NULL,
    tax_id text NOT NULL,
    company_id text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL,
    iban text NOT NULL,
    bic text NOT NULL,
    bank_name text NOT NULL,
    account_name text NOT NULL,
    payment_note text NOT NULL,
    default_payment_terms_days integer NOT NULL,
    invoice_number_prefix text NOT NULL,
    credit_note_number_prefix text NOT NULL,
    electronic_address_scheme text NOT NULL,
    electronic_address_value text NOT NULL,
    update_time timestamp with time zone NOT NULL,
    time_zone text DEFAULT 'UTC'::text NOT NULL
);


--
-- Name: outbox_messages; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.outbox_messages (
    seq bigint NOT NULL,
    account_id text NOT NULL,
    id text NOT NULL,
    topic text NOT NULL,
    payload text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    delivered_time timestamp with time zone
);


--
-- Name: outbox_messages_seq_seq; Type: SEQUENCE; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE billing_upgrade_fixture.outbox_messages ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing_upgrade_fixture.outbox_messages_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: payments; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.payments (
    account_id text NOT NULL,
    id text NOT NULL,
    invoice_id text NOT NULL,
    customer_id text NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL,
    method text NOT NULL,
    reference text DEFAULT ''::text NOT NULL,
    received_date date NOT NULL,
    create_time timestamp with time zone NOT NULL,
    CONSTRAINT payments_amount_minor_check CHECK ((amount_minor > 0)),
    CONSTRAINT payments_method_check CHECK ((method = ANY (ARRAY['bank_transfer'::text, 'card'::text, 'cash'::text, 'check'::text, 'other'::text])))
);


--
-- Name: revenue_calculations; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.revenue_calculations (
    account_id text NOT NULL,
    id text NOT NULL,
    status text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    customer_id text,
    failure_reason text DEFAULT ''::text NOT NULL,
    create_time timestamp with time zone NOT NULL,
    start_time timestamp with time zone,
    complete_time timestamp with time zone,
    CONSTRAINT revenue_calculations_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: revenue_results; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.revenue_results (
    account_id text NOT NULL,
    calculation_id text NOT NULL,
    "position" bigint NOT NULL,
    currency text NOT NULL,
    recognized_minor bigint NOT NULL,
    deferred_minor bigint NOT NULL
);


--
-- Name: revenue_schedule_entries; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.revenue_schedule_entries (
    account_id text NOT NULL,
    calculation_id text NOT NULL,
    result_position bigint NOT NULL,
    "position" bigint NOT NULL,
    month text NOT NULL,
    amount_minor bigint NOT NULL,
    CONSTRAINT revenue_schedule_entries_month_check CHECK ((month ~ '^[0-9]{4}-[0-9]{2}$'::text))
);


--
-- Name: schema_migrations; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_time timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: server_secrets; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.server_secrets (
    name text NOT NULL,
    value text NOT NULL
);


--
-- Name: tax_rates; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.tax_rates (
    account_id text NOT NULL,
    id text NOT NULL,
    display_name text NOT NULL,
    percentage_e4 bigint NOT NULL,
    inclusive boolean NOT NULL,
    country text DEFAULT ''::text NOT NULL,
    region text DEFAULT ''::text NOT NULL,
    category text NOT NULL,
    exemption_reason text DEFAULT ''::text NOT NULL,
    exemption_reason_code text DEFAULT ''::text NOT NULL,
    active boolean NOT NULL,
    create_time timestamp with time zone NOT NULL,
    update_time timestamp with time zone NOT NULL,
    CONSTRAINT tax_rates_category_check CHECK ((category = ANY (ARRAY['S'::text, 'Z'::text, 'E'::text, 'AE'::text, 'K'::text, 'G'::text, 'O'::text]))),
    CONSTRAINT tax_rates_percentage_e4_check CHECK (((percentage_e4 >= 0) AND (percentage_e4 <= 1000000)))
);


--
-- Name: webhook_deliveries; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.webhook_deliveries (
    account_id text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    endpoint_id text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_status_code integer DEFAULT 0 NOT NULL,
    last_error text DEFAULT ''::text NOT NULL,
    next_attempt_time timestamp with time zone,
    create_time timestamp with time zone NOT NULL,
    complete_time timestamp with time zone,
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: webhook_deliveries_seq_seq; Type: SEQUENCE; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE billing_upgrade_fixture.webhook_deliveries ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing_upgrade_fixture.webhook_deliveries_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: webhook_endpoints; Type: TABLE; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TABLE billing_upgrade_fixture.webhook_endpoints (
    account_id text NOT NULL,
    id text NOT NULL,
    url text NOT NULL,
    event_types text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    enabled boolean NOT NULL,
    secret text NOT NULL,
    previous_secret text DEFAULT ''::text NOT NULL,
    previous_secret_expire_time timestamp with time zone,
    failing_since timestamp with time zone,
    disabled_reason text DEFAULT ''::text NOT NULL,
    disable_time timestamp with time zone,
    create_time timestamp with time zone NOT NULL,
    update_time timestamp with time zone NOT NULL
);


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.api_keys (id, account_id, scopes, secret_sha256, create_time, revoke_time) FROM stdin;
a2b4j6oslufo7z2i	acct_e2e	customers:read,customers:write,invoices:read,invoices:write,revenue:read,revenue:write,events:read,webhooks:read,webhooks:write,organization:read,organization:write,tax_rates:read,tax_rates:write	4971af4ace9166d0ff32253574a341238820ba13a7bebaa7eb7264bd7b10ce22	2026-12-07 15:54:34.265576+00	\N
\.


--
-- Data for Name: credit_notes; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.credit_notes (account_id, id, number, invoice_id, customer_id, currency, amount_minor, reason, memo, date, create_time, tax_minor, tax_breakdown) FROM stdin;
acct_e2e	cn_kvpzcsjktvtklmml5ixwsuknny	CN-000001	inv_2pijlk43axcmncrdlfmja5s6ry	cus_ouzfepgiageqfdojyaxm4j4doy	EUR	5950	other		2026-12-07	2026-12-07 15:54:34.45254+00	950	S\t190000\t5000\t950\t\t\n
\.


--
-- Data for Name: customers; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.customers (account_id, id, name, email, default_currency, create_time, update_time, legal_name, billing_address_line1, billing_address_line2, billing_address_city, billing_address_postal_code, billing_address_region, billing_address_country, tax_ids, tax_exempt, payment_terms_days, electronic_address_scheme, electronic_address_value) FROM stdin;
acct_e2e	cus_ouzfepgiageqfdojyaxm4j4doy	Acme	ap@acme.example	EUR	2026-12-07 15:54:34.293433+00	2026-12-07 15:54:34.293433+00	Acme B.V.	Damrak 1		Amsterdam	1012 LG		NL	eu_vat=NL853033937B01	none	20	0106	12345678
acct_e2e	cus_nzle43upsuffrw4j7xy4ug732y	Globex	ap@globex.example	USD	2026-12-07 15:54:34.306755+00	2026-12-07 15:54:34.306755+00									none	\N		
\.


--
-- Data for Name: document_sequences; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.document_sequences (account_id, kind, prefix, last_sequence) FROM stdin;
acct_e2e	invoice	INV-	4
acct_e2e	credit_note	CN-	1
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.events (account_id, id, seq, type, resource_id, data_json, create_time) FROM stdin;
acct_e2e	evt_44hcy7bnets2pq4vzkfglv7xtu	1	customer.created	cus_ouzfepgiageqfdojyaxm4j4doy	{"id":"cus_ouzfepgiageqfdojyaxm4j4doy","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.293433Z","updateTime":"2026-12-07T15:54:34.293433Z","etag":"34ba6d95788614c428c71be70d9faa1c","balances":[],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}	2026-12-07 15:54:34.296301+00
acct_e2e	evt_4mlw7ikunnum5zvnzgbzi3tzki	2	customer.created	cus_nzle43upsuffrw4j7xy4ug732y	{"id":"cus_nzle43upsuffrw4j7xy4ug732y","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:34.306755Z","updateTime":"2026-12-07T15:54:34.306755Z","etag":"c9f83d9e61ba5828a8b36211fc31f141","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.307328+00
acct_e2e	evt_poeyl674cpyry7gxhvec2pn6vq	3	customer.created	cus_f37ob25jqhrjfgmuurlraoujjy	{"id":"cus_f37ob25jqhrjfgmuurlraoujjy","name":"Initech","email":"ap@initech.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.308838Z","updateTime":"2026-12-07T15:54:34.308838Z","etag":"f48e4dd0dc9d1301794e1e15f8a6fa40","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.309296+00
acct_e2e	evt_7blww34qbu4xj4hoixd3dc52xa	4	customer.deleted	cus_f37ob25jqhrjfgmuurlraoujjy	{"id":"cus_f37ob25jqhrjfgmuurlraoujjy","name":"Initech","email":"ap@initech.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.308838Z","updateTime":"2026-12-07T15:54:34.308838Z","etag":"f48e4dd0dc9d1301794e1e15f8a6fa40","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.322624+00
acct_e2e	evt_acc4hr5kst74hv4dqf437cmhju	5	invoice.created	inv_2pijlk43axcmncrdlfmja5s6ry	{"id":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"595.17","status":"draft","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:34.336920Z","updateTime":"2026-12-07T15:54:34.336920Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"78b4685c469903f1abf708cb532f9e7c","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"595.17","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":null,"buyer":null}	2026-12-07 15:54:34.34103+00
acct_e2e	evt_b5vu55hmrznpaqymdclsprtwq4	6	invoice.created	inv_jq7xzgaze7l67azg5n74dtq7xu	{"id":"inv_jq7xzgaze7l67azg5n74dtq7xu","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"32.10","status":"draft","dueDate":"","notes":"","lineItems":[{"description":"Books","quantity":3,"unitAmount":"10.70","amount":"32.10","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"3","discountAmount":"","taxRateId":"","netAmount":"30.00","taxAmount":"2.10"}],"createTime":"2026-12-07T15:54:34.352242Z","updateTime":"2026-12-07T15:54:34.352242Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"2214863ccccf36d0b25390ed1b17df0e","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"32.10","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"txr_hae2h4mcpzytw3s7cj6pxupk2i","subtotal":"30.00","taxAmount":"2.10","total":"32.10","taxBreakdown":[{"category":"S","percentage":"7","taxableAmount":"30.00","taxAmount":"2.10","exemptionReason":"","exemptionReasonCode":""}],"seller":null,"buyer":null}	2026-12-07 15:54:34.353395+00
acct_e2e	evt_ypoerbu3zb2fujp4nri7iq6v6q	7	invoice.created	inv_5owyuyjsbze6j4fm7a26566g2i	{"id":"inv_5owyuyjsbze6j4fm7a26566g2i","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"250.00","status":"draft","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.359021Z","updateTime":"2026-12-07T15:54:34.359021Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"409e6820a0c7898415b98db615d84d60","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"250.00","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":null,"buyer":null}	2026-12-07 15:54:34.359998+00
acct_e2e	evt_q7dmufow4wsmr464xv66tkizui	8	invoice.created	inv_yh4224mmjdv52h4me5bcyyyt2q	{"id":"inv_yh4224mmjdv52h4me5bcyyyt2q","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"9.99","status":"draft","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.362566Z","updateTime":"2026-12-07T15:54:34.362566Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"da84b3ab39b4dbaaf2ad27a090762c57","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"9.99","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":null,"buyer":null}	2026-12-07 15:54:34.363514+00
acct_e2e	evt_acrgjmjbjuriidsn3roviqomxa	9	invoice.created	inv_wdsjilaet3hgmk2ajspr5pp4fu	{"id":"inv_wdsjilaet3hgmk2ajspr5pp4fu","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"5.00","status":"draft","dueDate":"","notes":"","lineItems":[{"description":"Still a draft","quantity":4,"unitAmount":"1.25","amount":"5.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"4","discountAmount":"","taxRateId":"","netAmount":"5.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.368282Z","updateTime":"2026-12-07T15:54:34.368282Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"0c7a56841743dac16de742124ba90cc4","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"5.00","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"5.00","taxAmount":"0.00","total":"5.00","taxBreakdown":[],"seller":null,"buyer":null}	2026-12-07 15:54:34.373151+00
acct_e2e	evt_4bgxehzjroji7mzyeor5eroxxi	10	customer.updated	cus_ouzfepgiageqfdojyaxm4j4doy	{"id":"cus_ouzfepgiageqfdojyaxm4j4doy","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.293433Z","updateTime":"2026-12-07T15:54:34.293433Z","etag":"09a54ae0d3e15d9c46b973e7ddffcbcf","balances":[{"currency":"EUR","amount":"595.17"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}	2026-12-07 15:54:34.379085+00
acct_e2e	evt_vi3xxbib5ck2hncs7nyyxig7ze	11	invoice.processed	inv_2pijlk43axcmncrdlfmja5s6ry	{"id":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:34.336920Z","updateTime":"2026-12-07T15:54:34.379085Z","processTime":"2026-12-07T15:54:34.379085Z","payTime":null,"cancelTime":null,"etag":"c303d26a44d97108a57308ede510eb28","number":"INV-000001","amountPaid":"0.00","amountCredited":"0.00","amountDue":"595.17","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}	2026-12-07 15:54:34.39355+00
acct_e2e	evt_mfqcc4n2v6fvfnpxk2h72z7be4	12	customer.updated	cus_ouzfepgiageqfdojyaxm4j4doy	{"id":"cus_ouzfepgiageqfdojyaxm4j4doy","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.293433Z","updateTime":"2026-12-07T15:54:34.293433Z","etag":"e1ab96f89aed6e3bc3e2850d8a97cc72","balances":[{"currency":"EUR","amount":"627.27"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}	2026-12-07 15:54:34.398237+00
acct_e2e	evt_pgkqkg73tmvuuzoh3kvnewlhba	13	invoice.processed	inv_jq7xzgaze7l67azg5n74dtq7xu	{"id":"inv_jq7xzgaze7l67azg5n74dtq7xu","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"32.10","status":"pending","dueDate":"2026-12-27","notes":"","lineItems":[{"description":"Books","quantity":3,"unitAmount":"10.70","amount":"32.10","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"3","discountAmount":"","taxRateId":"","netAmount":"30.00","taxAmount":"2.10"}],"createTime":"2026-12-07T15:54:34.352242Z","updateTime":"2026-12-07T15:54:34.398237Z","processTime":"2026-12-07T15:54:34.398237Z","payTime":null,"cancelTime":null,"etag":"47219913f28233cf5ff09e646a09e4dd","number":"INV-000002","amountPaid":"0.00","amountCredited":"0.00","amountDue":"32.10","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"txr_hae2h4mcpzytw3s7cj6pxupk2i","subtotal":"30.00","taxAmount":"2.10","total":"32.10","taxBreakdown":[{"category":"S","percentage":"7","taxableAmount":"30.00","taxAmount":"2.10","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}	2026-12-07 15:54:34.408546+00
acct_e2e	evt_2nbrhoy76rvq635msigmlid4jy	14	customer.updated	cus_nzle43upsuffrw4j7xy4ug732y	{"id":"cus_nzle43upsuffrw4j7xy4ug732y","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:34.306755Z","updateTime":"2026-12-07T15:54:34.306755Z","etag":"32131e5e8c08cc8fc341c86db6a08cad","balances":[{"currency":"USD","amount":"250.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.411553+00
acct_e2e	evt_rpw54ieglsqdc6ot7qzkojjrhy	15	invoice.processed	inv_5owyuyjsbze6j4fm7a26566g2i	{"id":"inv_5owyuyjsbze6j4fm7a26566g2i","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"250.00","status":"pending","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.359021Z","updateTime":"2026-12-07T15:54:34.411553Z","processTime":"2026-12-07T15:54:34.411553Z","payTime":null,"cancelTime":null,"etag":"421595fb83dddddc596990acce674793","number":"INV-000003","amountPaid":"0.00","amountCredited":"0.00","amountDue":"250.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}	2026-12-07 15:54:34.417548+00
acct_e2e	evt_zdeyrkubk25tpxnqaesnzse2kq	16	customer.updated	cus_nzle43upsuffrw4j7xy4ug732y	{"id":"cus_nzle43upsuffrw4j7xy4ug732y","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:34.306755Z","updateTime":"2026-12-07T15:54:34.306755Z","etag":"8f8a941fe747d9fe82d033ce9aaf658d","balances":[{"currency":"USD","amount":"259.99"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.422492+00
acct_e2e	evt_b257kvkhcegrt3q5ytzyp7uipa	17	invoice.processed	inv_yh4224mmjdv52h4me5bcyyyt2q	{"id":"inv_yh4224mmjdv52h4me5bcyyyt2q","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"9.99","status":"pending","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.362566Z","updateTime":"2026-12-07T15:54:34.422492Z","processTime":"2026-12-07T15:54:34.422492Z","payTime":null,"cancelTime":null,"etag":"591ddecf9f1a31bb6cd13a0c9f7b6867","number":"INV-000004","amountPaid":"0.00","amountCredited":"0.00","amountDue":"9.99","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}	2026-12-07 15:54:34.42917+00
acct_e2e	evt_2qhr44vqdsdqzqdfzkaf5bdadm	18	customer.updated	cus_nzle43upsuffrw4j7xy4ug732y	{"id":"cus_nzle43upsuffrw4j7xy4ug732y","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:34.306755Z","updateTime":"2026-12-07T15:54:34.306755Z","etag":"32131e5e8c08cc8fc341c86db6a08cad","balances":[{"currency":"USD","amount":"250.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.432179+00
acct_e2e	evt_d6c2f5nqk3yqvdn5rsl24r747i	19	invoice.cancelled	inv_yh4224mmjdv52h4me5bcyyyt2q	{"id":"inv_yh4224mmjdv52h4me5bcyyyt2q","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"9.99","status":"cancelled","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.362566Z","updateTime":"2026-12-07T15:54:34.432179Z","processTime":"2026-12-07T15:54:34.422492Z","payTime":null,"cancelTime":"2026-12-07T15:54:34.432179Z","etag":"36a02464e0a7df4aee693ca514255458","number":"INV-000004","amountPaid":"0.00","amountCredited":"0.00","amountDue":"0.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}	2026-12-07 15:54:34.437282+00
acct_e2e	evt_kze2ckm5pa6zkqfgghoolil3tm	20	customer.updated	cus_ouzfepgiageqfdojyaxm4j4doy	{"id":"cus_ouzfepgiageqfdojyaxm4j4doy","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.293433Z","updateTime":"2026-12-07T15:54:34.293433Z","etag":"da6bb525d3725c4433be498d49d81528","balances":[{"currency":"EUR","amount":"527.27"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}	2026-12-07 15:54:34.440386+00
acct_e2e	evt_uyi33d2bnygsdqcsjc2lltnaoq	21	payment.created	pay_lkgjd3f2tyfjqsdvbp4vxme6du	{"id":"pay_lkgjd3f2tyfjqsdvbp4vxme6du","invoiceId":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","amount":"100.00","currency":"EUR","method":"card","reference":"","receivedDate":"2026-12-07","createTime":"2026-12-07T15:54:34.440386Z","etag":"25ffcb05a6e6a6da35c6dd734bcfbc0e"}	2026-12-07 15:54:34.440386+00
acct_e2e	evt_6lilolf7iir4ekwrlbmgjblkpy	22	invoice.updated	inv_2pijlk43axcmncrdlfmja5s6ry	{"id":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:34.336920Z","updateTime":"2026-12-07T15:54:34.440386Z","processTime":"2026-12-07T15:54:34.379085Z","payTime":null,"cancelTime":null,"etag":"1550fb42d1c444cf0ea0edac6f18e62f","number":"INV-000001","amountPaid":"100.00","amountCredited":"0.00","amountDue":"495.17","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}	2026-12-07 15:54:34.440386+00
acct_e2e	evt_7nygtkb4il6bgzhahkcdmpxdqe	23	customer.updated	cus_ouzfepgiageqfdojyaxm4j4doy	{"id":"cus_ouzfepgiageqfdojyaxm4j4doy","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:34.293433Z","updateTime":"2026-12-07T15:54:34.293433Z","etag":"7161d365b4b7ddb5ea96ed06a92b9f0c","balances":[{"currency":"EUR","amount":"467.77"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}	2026-12-07 15:54:34.45254+00
acct_e2e	evt_yprkza2l4p36c2ci7ex5lz2pge	24	credit_note.created	cn_kvpzcsjktvtklmml5ixwsuknny	{"id":"cn_kvpzcsjktvtklmml5ixwsuknny","number":"CN-000001","invoiceId":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","amount":"59.50","currency":"EUR","reason":"other","memo":"","date":"2026-12-07","createTime":"2026-12-07T15:54:34.452540Z","etag":"d1c8ec2f1796f902ecbd1270a218d5bf","subtotal":"50.00","taxAmount":"9.50","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"50.00","taxAmount":"9.50","exemptionReason":"","exemptionReasonCode":""}]}	2026-12-07 15:54:34.45254+00
acct_e2e	evt_mco74pamotjzf4xjjwpmxuxugq	25	invoice.updated	inv_2pijlk43axcmncrdlfmja5s6ry	{"id":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_n6seuanb53a25m7a2inhykwfsi","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:34.336920Z","updateTime":"2026-12-07T15:54:34.452540Z","processTime":"2026-12-07T15:54:34.379085Z","payTime":null,"cancelTime":null,"etag":"154d277e4ab24e6ace9538ca114d4ce1","number":"INV-000001","amountPaid":"100.00","amountCredited":"59.50","amountDue":"435.67","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}	2026-12-07 15:54:34.45254+00
acct_e2e	evt_beaxrgrd3fgx3cysjvdngg7ee4	26	customer.updated	cus_nzle43upsuffrw4j7xy4ug732y	{"id":"cus_nzle43upsuffrw4j7xy4ug732y","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:34.306755Z","updateTime":"2026-12-07T15:54:34.306755Z","etag":"8f6e37fee48460031ef3fac5cac0e090","balances":[{"currency":"USD","amount":"0.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}	2026-12-07 15:54:34.464441+00
acct_e2e	evt_4zx2ck7lofqiz57y37xnepchdm	27	payment.created	pay_injxtknuia7xbgcw4tkei7rsem	{"id":"pay_injxtknuia7xbgcw4tkei7rsem","invoiceId":"inv_5owyuyjsbze6j4fm7a26566g2i","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","amount":"250.00","currency":"USD","method":"bank_transfer","reference":"","receivedDate":"2026-12-07","createTime":"2026-12-07T15:54:34.464441Z","etag":"a8cce5ba65f319b6033b52784a24729d"}	2026-12-07 15:54:34.464441+00
acct_e2e	evt_mcvp33r5w4azn5lpdxrnbmblwa	28	invoice.paid	inv_5owyuyjsbze6j4fm7a26566g2i	{"id":"inv_5owyuyjsbze6j4fm7a26566g2i","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","currency":"USD","amount":"250.00","status":"paid","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:34.359021Z","updateTime":"2026-12-07T15:54:34.464441Z","processTime":"2026-12-07T15:54:34.411553Z","payTime":"2026-12-07T15:54:34.464441Z","cancelTime":null,"etag":"be4650da14300a84ca9175ab06989676","number":"INV-000003","amountPaid":"250.00","amountCredited":"0.00","amountDue":"0.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}	2026-12-07 15:54:34.464441+00
acct_e2e	evt_d3kaifdkkxyffgh6kquadad3fq	29	revenue_calculation.succeeded	rcalc_7rvmte5zdlhz3yhv3viggd5jui	{"id":"rcalc_7rvmte5zdlhz3yhv3viggd5jui","status":"succeeded","periodStart":"2026-01-01","periodEnd":"2035-12-31","customerId":"","results":[{"currency":"EUR","recognizedAmount":"480.14","deferredAmount":"0.00","schedule":[{"month":"2026-01","amount":"0.00"},{"month":"2026-02","amount":"0.00"},{"month":"2026-03","amount":"0.00"},{"month":"2026-04","amount":"0.00"},{"month":"2026-05","amount":"0.00"},{"month":"2026-06","amount":"0.00"},{"month":"2026-07","amount":"0.00"},{"month":"2026-08","amount":"0.00"},{"month":"2026-09","amount":"0.00"},{"month":"2026-10","amount":"0.00"},{"month":"2026-11","amount":"0.00"},{"month":"2026-12","amount":"480.14"},{"month":"2027-01","amount":"0.00"},{"month":"2027-02","amount":"0.00"},{"month":"2027-03","amount":"0.00"},{"month":"2027-04","amount":"0.00"},{"month":"2027-05","amount":"0.00"},{"month":"2027-06","amount":"0.00"},{"month":"2027-07","amount":"0.00"},{"month":"2027-08","amount":"0.00"},{"month":"2027-09","amount":"0.00"},{"month":"2027-10","amount":"0.00"},{"month":"2027-11","amount":"0.00"},{"month":"2027-12","amount":"0.00"},{"month":"2028-01","amount":"0.00"},{"month":"2028-02","amount":"0.00"},{"month":"2028-03","amount":"0.00"},{"month":"2028-04","amount":"0.00"},{"month":"2028-05","amount":"0.00"},{"month":"2028-06","amount":"0.00"},{"month":"2028-07","amount":"0.00"},{"month":"2028-08","amount":"0.00"},{"month":"2028-09","amount":"0.00"},{"month":"2028-10","amount":"0.00"},{"month":"2028-11","amount":"0.00"},{"month":"2028-12","amount":"0.00"},{"month":"2029-01","amount":"0.00"},{"month":"2029-02","amount":"0.00"},{"month":"2029-03","amount":"0.00"},{"month":"2029-04","amount":"0.00"},{"month":"2029-05","amount":"0.00"},{"month":"2029-06","amount":"0.00"},{"month":"2029-07","amount":"0.00"},{"month":"2029-08","amount":"0.00"},{"month":"2029-09","amount":"0.00"},{"month":"2029-10","amount":"0.00"},{"month":"2029-11","amount":"0.00"},{"month":"2029-12","amount":"0.00"},{"month":"2030-01","amount":"0.00"},{"month":"2030-02","amount":"0.00"},{"month":"2030-03","amount":"0.00"},{"month":"2030-04","amount":"0.00"},{"month":"2030-05","amount":"0.00"},{"month":"2030-06","amount":"0.00"},{"month":"2030-07","amount":"0.00"},{"month":"2030-08","amount":"0.00"},{"month":"2030-09","amount":"0.00"},{"month":"2030-10","amount":"0.00"},{"month":"2030-11","amount":"0.00"},{"month":"2030-12","amount":"0.00"},{"month":"2031-01","amount":"0.00"},{"month":"2031-02","amount":"0.00"},{"month":"2031-03","amount":"0.00"},{"month":"2031-04","amount":"0.00"},{"month":"2031-05","amount":"0.00"},{"month":"2031-06","amount":"0.00"},{"month":"2031-07","amount":"0.00"},{"month":"2031-08","amount":"0.00"},{"month":"2031-09","amount":"0.00"},{"month":"2031-10","amount":"0.00"},{"month":"2031-11","amount":"0.00"},{"month":"2031-12","amount":"0.00"},{"month":"2032-01","amount":"0.00"},{"month":"2032-02","amount":"0.00"},{"month":"2032-03","amount":"0.00"},{"month":"2032-04","amount":"0.00"},{"month":"2032-05","amount":"0.00"},{"month":"2032-06","amount":"0.00"},{"month":"2032-07","amount":"0.00"},{"month":"2032-08","amount":"0.00"},{"month":"2032-09","amount":"0.00"},{"month":"2032-10","amount":"0.00"},{"month":"2032-11","amount":"0.00"},{"month":"2032-12","amount":"0.00"},{"month":"2033-01","amount":"0.00"},{"month":"2033-02","amount":"0.00"},{"month":"2033-03","amount":"0.00"},{"month":"2033-04","amount":"0.00"},{"month":"2033-05","amount":"0.00"},{"month":"2033-06","amount":"0.00"},{"month":"2033-07","amount":"0.00"},{"month":"2033-08","amount":"0.00"},{"month":"2033-09","amount":"0.00"},{"month":"2033-10","amount":"0.00"},{"month":"2033-11","amount":"0.00"},{"month":"2033-12","amount":"0.00"},{"month":"2034-01","amount":"0.00"},{"month":"2034-02","amount":"0.00"},{"month":"2034-03","amount":"0.00"},{"month":"2034-04","amount":"0.00"},{"month":"2034-05","amount":"0.00"},{"month":"2034-06","amount":"0.00"},{"month":"2034-07","amount":"0.00"},{"month":"2034-08","amount":"0.00"},{"month":"2034-09","amount":"0.00"},{"month":"2034-10","amount":"0.00"},{"month":"2034-11","amount":"0.00"},{"month":"2034-12","amount":"0.00"},{"month":"2035-01","amount":"0.00"},{"month":"2035-02","amount":"0.00"},{"month":"2035-03","amount":"0.00"},{"month":"2035-04","amount":"0.00"},{"month":"2035-05","amount":"0.00"},{"month":"2035-06","amount":"0.00"},{"month":"2035-07","amount":"0.00"},{"month":"2035-08","amount":"0.00"},{"month":"2035-09","amount":"0.00"},{"month":"2035-10","amount":"0.00"},{"month":"2035-11","amount":"0.00"},{"month":"2035-12","amount":"0.00"}]},{"currency":"USD","recognizedAmount":"250.00","deferredAmount":"0.00","schedule":[{"month":"2026-01","amount":"0.00"},{"month":"2026-02","amount":"0.00"},{"month":"2026-03","amount":"0.00"},{"month":"2026-04","amount":"0.00"},{"month":"2026-05","amount":"0.00"},{"month":"2026-06","amount":"0.00"},{"month":"2026-07","amount":"0.00"},{"month":"2026-08","amount":"0.00"},{"month":"2026-09","amount":"0.00"},{"month":"2026-10","amount":"0.00"},{"month":"2026-11","amount":"0.00"},{"month":"2026-12","amount":"250.00"},{"month":"2027-01","amount":"0.00"},{"month":"2027-02","amount":"0.00"},{"month":"2027-03","amount":"0.00"},{"month":"2027-04","amount":"0.00"},{"month":"2027-05","amount":"0.00"},{"month":"2027-06","amount":"0.00"},{"month":"2027-07","amount":"0.00"},{"month":"2027-08","amount":"0.00"},{"month":"2027-09","amount":"0.00"},{"month":"2027-10","amount":"0.00"},{"month":"2027-11","amount":"0.00"},{"month":"2027-12","amount":"0.00"},{"month":"2028-01","amount":"0.00"},{"month":"2028-02","amount":"0.00"},{"month":"2028-03","amount":"0.00"},{"month":"2028-04","amount":"0.00"},{"month":"2028-05","amount":"0.00"},{"month":"2028-06","amount":"0.00"},{"month":"2028-07","amount":"0.00"},{"month":"2028-08","amount":"0.00"},{"month":"2028-09","amount":"0.00"},{"month":"2028-10","amount":"0.00"},{"month":"2028-11","amount":"0.00"},{"month":"2028-12","amount":"0.00"},{"month":"2029-01","amount":"0.00"},{"month":"2029-02","amount":"0.00"},{"month":"2029-03","amount":"0.00"},{"month":"2029-04","amount":"0.00"},{"month":"2029-05","amount":"0.00"},{"month":"2029-06","amount":"0.00"},{"month":"2029-07","amount":"0.00"},{"month":"2029-08","amount":"0.00"},{"month":"2029-09","amount":"0.00"},{"month":"2029-10","amount":"0.00"},{"month":"2029-11","amount":"0.00"},{"month":"2029-12","amount":"0.00"},{"month":"2030-01","amount":"0.00"},{"month":"2030-02","amount":"0.00"},{"month":"2030-03","amount":"0.00"},{"month":"2030-04","amount":"0.00"},{"month":"2030-05","amount":"0.00"},{"month":"2030-06","amount":"0.00"},{"month":"2030-07","amount":"0.00"},{"month":"2030-08","amount":"0.00"},{"month":"2030-09","amount":"0.00"},{"month":"2030-10","amount":"0.00"},{"month":"2030-11","amount":"0.00"},{"month":"2030-12","amount":"0.00"},{"month":"2031-01","amount":"0.00"},{"month":"2031-02","amount":"0.00"},{"month":"2031-03","amount":"0.00"},{"month":"2031-04","amount":"0.00"},{"month":"2031-05","amount":"0.00"},{"month":"2031-06","amount":"0.00"},{"month":"2031-07","amount":"0.00"},{"month":"2031-08","amount":"0.00"},{"month":"2031-09","amount":"0.00"},{"month":"2031-10","amount":"0.00"},{"month":"2031-11","amount":"0.00"},{"month":"2031-12","amount":"0.00"},{"month":"2032-01","amount":"0.00"},{"month":"2032-02","amount":"0.00"},{"month":"2032-03","amount":"0.00"},{"month":"2032-04","amount":"0.00"},{"month":"2032-05","amount":"0.00"},{"month":"2032-06","amount":"0.00"},{"month":"2032-07","amount":"0.00"},{"month":"2032-08","amount":"0.00"},{"month":"2032-09","amount":"0.00"},{"month":"2032-10","amount":"0.00"},{"month":"2032-11","amount":"0.00"},{"month":"2032-12","amount":"0.00"},{"month":"2033-01","amount":"0.00"},{"month":"2033-02","amount":"0.00"},{"month":"2033-03","amount":"0.00"},{"month":"2033-04","amount":"0.00"},{"month":"2033-05","amount":"0.00"},{"month":"2033-06","amount":"0.00"},{"month":"2033-07","amount":"0.00"},{"month":"2033-08","amount":"0.00"},{"month":"2033-09","amount":"0.00"},{"month":"2033-10","amount":"0.00"},{"month":"2033-11","amount":"0.00"},{"month":"2033-12","amount":"0.00"},{"month":"2034-01","amount":"0.00"},{"month":"2034-02","amount":"0.00"},{"month":"2034-03","amount":"0.00"},{"month":"2034-04","amount":"0.00"},{"month":"2034-05","amount":"0.00"},{"month":"2034-06","amount":"0.00"},{"month":"2034-07","amount":"0.00"},{"month":"2034-08","amount":"0.00"},{"month":"2034-09","amount":"0.00"},{"month":"2034-10","amount":"0.00"},{"month":"2034-11","amount":"0.00"},{"month":"2034-12","amount":"0.00"},{"month":"2035-01","amount":"0.00"},{"month":"2035-02","amount":"0.00"},{"month":"2035-03","amount":"0.00"},{"month":"2035-04","amount":"0.00"},{"month":"2035-05","amount":"0.00"},{"month":"2035-06","amount":"0.00"},{"month":"2035-07","amount":"0.00"},{"month":"2035-08","amount":"0.00"},{"month":"2035-09","amount":"0.00"},{"month":"2035-10","amount":"0.00"},{"month":"2035-11","amount":"0.00"},{"month":"2035-12","amount":"0.00"}]}],"failureReason":"","createTime":"2026-12-07T15:54:34.478267Z","startTime":"2026-12-07T15:54:34.481688Z","completeTime":"2026-12-07T15:54:34.494025Z","etag":"8f2e1e6cc10edbbf218fa317ef051b99"}	2026-12-07 15:54:34.494025+00
\.


--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.idempotency_keys (account_id, key, fingerprint, answer, create_time) FROM stdin;
\.


--
-- Data for Name: invoice_emails; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.invoice_emails (account_id, invoice_id, status, attempts, queue_time, next_attempt_time, sent_time, last_error) FROM stdin;
acct_e2e	inv_jq7xzgaze7l67azg5n74dtq7xu	not_configured	0	\N	\N	\N	
acct_e2e	inv_yh4224mmjdv52h4me5bcyyyt2q	not_configured	0	\N	\N	\N	
acct_e2e	inv_2pijlk43axcmncrdlfmja5s6ry	not_configured	0	\N	\N	\N	
acct_e2e	inv_5owyuyjsbze6j4fm7a26566g2i	not_configured	0	\N	\N	\N	
\.


--
-- Data for Name: invoice_line_items; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.invoice_line_items (account_id, invoice_id, "position", description, quantity, unit_amount_minor, amount_minor, service_period_start, service_period_end, quantity_e4, discount_minor, tax_rate_id, tax_category, tax_percentage_e4, tax_inclusive, tax_exemption_reason, tax_exemption_reason_code) FROM stdin;
acct_e2e	inv_wdsjilaet3hgmk2ajspr5pp4fu	0	Still a draft	4	125	500	\N	\N	40000	0			0	f		
acct_e2e	inv_jq7xzgaze7l67azg5n74dtq7xu	0	Books	3	1070	3210	\N	\N	30000	0		S	70000	t		
acct_e2e	inv_yh4224mmjdv52h4me5bcyyyt2q	0	Mistake	1	999	999	\N	\N	10000	0			0	f		
acct_e2e	inv_2pijlk43axcmncrdlfmja5s6ry	0	Consulting	7	8000	60000	\N	\N	75000	10000	txr_n6seuanb53a25m7a2inhykwfsi	S	190000	f		
acct_e2e	inv_2pijlk43axcmncrdlfmja5s6ry	1	Travel	2	7	14	\N	\N	20000	0	txr_n6seuanb53a25m7a2inhykwfsi	S	190000	f		
acct_e2e	inv_5owyuyjsbze6j4fm7a26566g2i	0	Support	1	25000	25000	\N	\N	10000	0			0	f		
\.


--
-- Data for Name: invoice_parties; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.invoice_parties (account_id, invoice_id, seller, buyer, terms) FROM stdin;
acct_e2e	inv_2pijlk43axcmncrdlfmja5s6ry	1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980	1Acme B.V.Damrak 1Amsterdam1012 LGNLeu_vat=NL853033937B01ap@acme.example010612345678	112099-01-31201DE89370400440532013000COBADEFFXXXCommerzbank
acct_e2e	inv_jq7xzgaze7l67azg5n74dtq7xu	1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980	1Acme B.V.Damrak 1Amsterdam1012 LGNLeu_vat=NL853033937B01ap@acme.example010612345678	112026-12-27201DE89370400440532013000COBADEFFXXXCommerzbank
acct_e2e	inv_5owyuyjsbze6j4fm7a26566g2i	1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980	1Globexap@globex.example	112099-02-28141DE89370400440532013000COBADEFFXXXCommerzbank
acct_e2e	inv_yh4224mmjdv52h4me5bcyyyt2q	1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980	1Globexap@globex.example	112099-02-28141DE89370400440532013000COBADEFFXXXCommerzbank
\.


--
-- Data for Name: invoices; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.invoices (account_id, id, customer_id, currency, amount_minor, status, due_date, notes, create_time, update_time, process_time, pay_time, cancel_time, number, amount_paid_minor, amount_credited_minor, default_tax_rate_id, due_date_set) FROM stdin;
acct_e2e	inv_wdsjilaet3hgmk2ajspr5pp4fu	cus_nzle43upsuffrw4j7xy4ug732y	USD	500	draft	2026-12-07		2026-12-07 15:54:34.368282+00	2026-12-07 15:54:34.368282+00	\N	\N	\N	\N	0	0		f
acct_e2e	inv_jq7xzgaze7l67azg5n74dtq7xu	cus_ouzfepgiageqfdojyaxm4j4doy	EUR	3210	pending	2026-12-27		2026-12-07 15:54:34.352242+00	2026-12-07 15:54:34.398237+00	2026-12-07 15:54:34.398237+00	\N	\N	INV-000002	0	0	txr_hae2h4mcpzytw3s7cj6pxupk2i	t
acct_e2e	inv_yh4224mmjdv52h4me5bcyyyt2q	cus_nzle43upsuffrw4j7xy4ug732y	USD	999	cancelled	2099-02-28		2026-12-07 15:54:34.362566+00	2026-12-07 15:54:34.432179+00	2026-12-07 15:54:34.422492+00	\N	2026-12-07 15:54:34.432179+00	INV-000004	0	0		t
acct_e2e	inv_2pijlk43axcmncrdlfmja5s6ry	cus_ouzfepgiageqfdojyaxm4j4doy	EUR	59517	pending	2099-01-31		2026-12-07 15:54:34.33692+00	2026-12-07 15:54:34.45254+00	2026-12-07 15:54:34.379085+00	\N	\N	INV-000001	10000	5950		t
acct_e2e	inv_5owyuyjsbze6j4fm7a26566g2i	cus_nzle43upsuffrw4j7xy4ug732y	USD	25000	paid	2099-02-28		2026-12-07 15:54:34.359021+00	2026-12-07 15:54:34.464441+00	2026-12-07 15:54:34.411553+00	2026-12-07 15:54:34.464441+00	\N	INV-000003	25000	0		t
\.


--
-- Data for Name: ledger_entries; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.ledger_entries (seq, account_id, id, customer_id, invoice_id, kind, amount_minor, currency, create_time, document_id) FROM stdin;
1	acct_e2e	led_aaxlv5mfir46w3tlxagms7u7nu	cus_ouzfepgiageqfdojyaxm4j4doy	inv_2pijlk43axcmncrdlfmja5s6ry	invoice_processed	59517	EUR	2026-12-07 15:54:34.379085+00	inv_2pijlk43axcmncrdlfmja5s6ry
2	acct_e2e	led_c6dubat5jc6cchqkkb5j7jhqty	cus_ouzfepgiageqfdojyaxm4j4doy	inv_jq7xzgaze7l67azg5n74dtq7xu	invoice_processed	3210	EUR	2026-12-07 15:54:34.398237+00	inv_jq7xzgaze7l67azg5n74dtq7xu
3	acct_e2e	led_g6qil6aotfx75ip4unh4voomh4	cus_nzle43upsuffrw4j7xy4ug732y	inv_5owyuyjsbze6j4fm7a26566g2i	invoice_processed	25000	USD	2026-12-07 15:54:34.411553+00	inv_5owyuyjsbze6j4fm7a26566g2i
4	acct_e2e	led_2epmteztu54o5wkokome5mcpxq	cus_nzle43upsuffrw4j7xy4ug732y	inv_yh4224mmjdv52h4me5bcyyyt2q	invoice_processed	999	USD	2026-12-07 15:54:34.422492+00	inv_yh4224mmjdv52h4me5bcyyyt2q
5	acct_e2e	led_4py3wisuazx4wpm244i2rdrtbq	cus_nzle43upsuffrw4j7xy4ug732y	inv_yh4224mmjdv52h4me5bcyyyt2q	invoice_cancelled	-999	USD	2026-12-07 15:54:34.432179+00	inv_yh4224mmjdv52h4me5bcyyyt2q
6	acct_e2e	led_q5uisieedhonntgslfg6mxtk5e	cus_ouzfepgiageqfdojyaxm4j4doy	inv_2pijlk43axcmncrdlfmja5s6ry	payment_received	-10000	EUR	2026-12-07 15:54:34.440386+00	pay_lkgjd3f2tyfjqsdvbp4vxme6du
7	acct_e2e	led_5vtgp6vcov6xt6fpakrz6tmdsq	cus_ouzfepgiageqfdojyaxm4j4doy	inv_2pijlk43axcmncrdlfmja5s6ry	credit_note_issued	-5950	EUR	2026-12-07 15:54:34.45254+00	cn_kvpzcsjktvtklmml5ixwsuknny
8	acct_e2e	led_uypuzsn3ed27nndcte6xk4djh4	cus_nzle43upsuffrw4j7xy4ug732y	inv_5owyuyjsbze6j4fm7a26566g2i	payment_received	-25000	USD	2026-12-07 15:54:34.464441+00	pay_injxtknuia7xbgcw4tkei7rsem
\.


--
-- Data for Name: list_counts; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.list_counts (account_id, list, customer_id, status, shard, n) FROM stdin;
acct_e2e	customers			5	2
acct_e2e	invoices			5	5
acct_e2e	invoices	cus_ouzfepgiageqfdojyaxm4j4doy	draft	5	0
acct_e2e	invoices	cus_ouzfepgiageqfdojyaxm4j4doy		5	2
acct_e2e	invoices	cus_ouzfepgiageqfdojyaxm4j4doy	pending	5	2
acct_e2e	invoices		draft	5	1
acct_e2e	invoices	cus_nzle43upsuffrw4j7xy4ug732y	draft	5	1
acct_e2e	invoices		cancelled	5	1
acct_e2e	invoices	cus_nzle43upsuffrw4j7xy4ug732y	cancelled	5	1
acct_e2e	invoices		pending	5	2
acct_e2e	invoices	cus_nzle43upsuffrw4j7xy4ug732y	pending	5	0
acct_e2e	invoices	cus_nzle43upsuffrw4j7xy4ug732y		5	3
acct_e2e	invoices		paid	5	1
acct_e2e	invoices	cus_nzle43upsuffrw4j7xy4ug732y	paid	5	1
acct_e2e	revenue_calculations			5	1
\.


--
-- Data for Name: organizations; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.organizations (account_id, legal_name, trading_name, address_line1, address_line2, address_city, address_postal_code, address_region, address_country, tax_id_type, tax_id, company_id, email, phone, iban, bic, bank_name, account_name, payment_note, default_payment_terms_days, invoice_number_prefix, credit_note_number_prefix, electronic_address_scheme, electronic_address_value, update_time, time_zone) FROM stdin;
acct_e2e	Zoë Müller Consulting GmbH	ZM Consulting	Unter den Linden 1		Berlin	10117		DE	eu_vat	DE811907980	HRB 12345	billing@zm.example		DE89370400440532013000	COBADEFFXXX	Commerzbank			14	INV-	CN-	9930	DE811907980	2026-12-07 15:54:34.289607+00	UTC
\.


--
-- Data for Name: outbox_messages; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.outbox_messages (seq, account_id, id, topic, payload, create_time, delivered_time) FROM stdin;
1	acct_e2e	msg_qnhbuw7wvlqcj4jg5x5fith3dq	invoice.send	{"invoiceId":"inv_2pijlk43axcmncrdlfmja5s6ry","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","amount":"595.17","currency":"EUR","dueDate":"2099-01-31"}	2026-12-07 15:54:34.379085+00	\N
2	acct_e2e	msg_4nalo5ucbcglggiwsr2efs6zpe	invoice.send	{"invoiceId":"inv_jq7xzgaze7l67azg5n74dtq7xu","customerId":"cus_ouzfepgiageqfdojyaxm4j4doy","amount":"32.10","currency":"EUR","dueDate":"2026-12-27"}	2026-12-07 15:54:34.398237+00	\N
3	acct_e2e	msg_ma3hwp77okqgrkzn4wca7uhc5i	invoice.send	{"invoiceId":"inv_5owyuyjsbze6j4fm7a26566g2i","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","amount":"250.00","currency":"USD","dueDate":"2099-02-28"}	2026-12-07 15:54:34.411553+00	\N
4	acct_e2e	msg_33rz3udfyo2ilm2fjm6qk4ngxy	invoice.send	{"invoiceId":"inv_yh4224mmjdv52h4me5bcyyyt2q","customerId":"cus_nzle43upsuffrw4j7xy4ug732y","amount":"9.99","currency":"USD","dueDate":"2099-02-28"}	2026-12-07 15:54:34.422492+00	\N
\.


--
-- Data for Name: payments; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.payments (account_id, id, invoice_id, customer_id, currency, amount_minor, method, reference, received_date, create_time) FROM stdin;
acct_e2e	pay_lkgjd3f2tyfjqsdvbp4vxme6du	inv_2pijlk43axcmncrdlfmja5s6ry	cus_ouzfepgiageqfdojyaxm4j4doy	EUR	10000	card		2026-12-07	2026-12-07 15:54:34.440386+00
acct_e2e	pay_injxtknuia7xbgcw4tkei7rsem	inv_5owyuyjsbze6j4fm7a26566g2i	cus_nzle43upsuffrw4j7xy4ug732y	USD	25000	bank_transfer		2026-12-07	2026-12-07 15:54:34.464441+00
\.


--
-- Data for Name: revenue_calculations; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.revenue_calculations (account_id, id, status, period_start, period_end, customer_id, failure_reason, create_time, start_time, complete_time) FROM stdin;
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	succeeded	2026-01-01	2035-12-31	\N		2026-12-07 15:54:34.478267+00	2026-12-07 15:54:34.481688+00	2026-12-07 15:54:34.494025+00
\.


--
-- Data for Name: revenue_results; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.revenue_results (account_id, calculation_id, "position", currency, recognized_minor, deferred_minor) FROM stdin;
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	EUR	48014	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	USD	25000	0
\.


--
-- Data for Name: revenue_schedule_entries; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.revenue_schedule_entries (account_id, calculation_id, result_position, "position", month, amount_minor) FROM stdin;
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	0	2026-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	1	2026-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	2	2026-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	3	2026-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	4	2026-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	5	2026-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	6	2026-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	7	2026-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	8	2026-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	9	2026-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	10	2026-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	11	2026-12	48014
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	12	2027-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	13	2027-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	14	2027-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	15	2027-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	16	2027-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	17	2027-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	18	2027-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	19	2027-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	20	2027-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	21	2027-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	22	2027-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	23	2027-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	24	2028-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	25	2028-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	26	2028-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	27	2028-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	28	2028-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	29	2028-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	30	2028-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	31	2028-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	32	2028-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	33	2028-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	34	2028-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	35	2028-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	36	2029-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	37	2029-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	38	2029-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	39	2029-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	40	2029-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	41	2029-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	42	2029-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	43	2029-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	44	2029-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	45	2029-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	46	2029-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	47	2029-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	48	2030-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	49	2030-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	50	2030-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	51	2030-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	52	2030-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	53	2030-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	54	2030-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	55	2030-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	56	2030-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	57	2030-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	58	2030-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	59	2030-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	60	2031-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	61	2031-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	62	2031-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	63	2031-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	64	2031-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	65	2031-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	66	2031-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	67	2031-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	68	2031-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	69	2031-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	70	2031-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	71	2031-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	72	2032-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	73	2032-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	74	2032-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	75	2032-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	76	2032-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	77	2032-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	78	2032-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	79	2032-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	80	2032-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	81	2032-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	82	2032-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	83	2032-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	84	2033-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	85	2033-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	86	2033-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	87	2033-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	88	2033-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	89	2033-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	90	2033-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	91	2033-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	92	2033-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	93	2033-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	94	2033-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	95	2033-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	96	2034-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	97	2034-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	98	2034-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	99	2034-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	100	2034-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	101	2034-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	102	2034-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	103	2034-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	104	2034-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	105	2034-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	106	2034-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	107	2034-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	108	2035-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	109	2035-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	110	2035-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	111	2035-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	112	2035-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	113	2035-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	114	2035-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	115	2035-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	116	2035-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	117	2035-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	118	2035-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	0	119	2035-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	0	2026-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	1	2026-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	2	2026-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	3	2026-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	4	2026-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	5	2026-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	6	2026-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	7	2026-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	8	2026-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	9	2026-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	10	2026-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	11	2026-12	25000
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	12	2027-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	13	2027-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	14	2027-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	15	2027-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	16	2027-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	17	2027-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	18	2027-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	19	2027-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	20	2027-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	21	2027-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	22	2027-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	23	2027-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	24	2028-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	25	2028-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	26	2028-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	27	2028-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	28	2028-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	29	2028-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	30	2028-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	31	2028-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	32	2028-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	33	2028-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	34	2028-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	35	2028-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	36	2029-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	37	2029-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	38	2029-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	39	2029-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	40	2029-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	41	2029-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	42	2029-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	43	2029-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	44	2029-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	45	2029-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	46	2029-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	47	2029-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	48	2030-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	49	2030-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	50	2030-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	51	2030-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	52	2030-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	53	2030-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	54	2030-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	55	2030-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	56	2030-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	57	2030-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	58	2030-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	59	2030-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	60	2031-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	61	2031-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	62	2031-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	63	2031-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	64	2031-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	65	2031-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	66	2031-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	67	2031-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	68	2031-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	69	2031-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	70	2031-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	71	2031-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	72	2032-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	73	2032-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	74	2032-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	75	2032-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	76	2032-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	77	2032-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	78	2032-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	79	2032-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	80	2032-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	81	2032-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	82	2032-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	83	2032-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	84	2033-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	85	2033-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	86	2033-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	87	2033-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	88	2033-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	89	2033-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	90	2033-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	91	2033-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	92	2033-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	93	2033-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	94	2033-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	95	2033-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	96	2034-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	97	2034-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	98	2034-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	99	2034-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	100	2034-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	101	2034-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	102	2034-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	103	2034-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	104	2034-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	105	2034-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	106	2034-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	107	2034-12	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	108	2035-01	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	109	2035-02	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	110	2035-03	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	111	2035-04	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	112	2035-05	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	113	2035-06	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	114	2035-07	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	115	2035-08	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	116	2035-09	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	117	2035-10	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	118	2035-11	0
acct_e2e	rcalc_7rvmte5zdlhz3yhv3viggd5jui	1	119	2035-12	0
\.


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.schema_migrations (version, name, applied_time) FROM stdin;
1	initial schema	2026-12-07 15:54:33.704608+00
2	api keys	2026-12-07 15:54:33.752576+00
3	idempotency keys	2026-12-07 15:54:33.755675+00
4	events and webhooks	2026-12-07 15:54:33.772076+00
5	receivables	2026-12-07 15:54:33.788279+00
6	list counts	2026-12-07 15:54:33.80841+00
7	invoice emails	2026-12-07 15:54:33.82035+00
8	server secrets	2026-12-07 15:54:33.822579+00
9	organizations, buyers and invoice parties	2026-12-07 15:54:33.832204+00
10	tax rates	2026-12-07 15:54:33.836182+00
11	invoice tax	2026-12-07 15:54:33.840271+00
12	invoice document terms	2026-12-07 15:54:33.85231+00
13	collections	2026-12-07 15:54:33.852621+00
\.


--
-- Data for Name: server_secrets; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.server_secrets (name, value) FROM stdin;
page_tokens	51f25886eb4641a5bbc246387e00dfb9212837e55e0c4f52a182569cafc39c2a
\.


--
-- Data for Name: tax_rates; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.tax_rates (account_id, id, display_name, percentage_e4, inclusive, country, region, category, exemption_reason, exemption_reason_code, active, create_time, update_time) FROM stdin;
acct_e2e	txr_n6seuanb53a25m7a2inhykwfsi	VAT	190000	f	DE		S			t	2026-12-07 15:54:34.324228+00	2026-12-07 15:54:34.324228+00
acct_e2e	txr_hae2h4mcpzytw3s7cj6pxupk2i	VAT reduced	70000	t	DE		S			t	2026-12-07 15:54:34.326272+00	2026-12-07 15:54:34.326272+00
acct_e2e	txr_kbs4rfpsbm7ybojhq2x4hjoh24	Reverse charge	0	f			AE	Reverse charge	VATEX-EU-AE	t	2026-12-07 15:54:34.329414+00	2026-12-07 15:54:34.329414+00
\.


--
-- Data for Name: webhook_deliveries; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.webhook_deliveries (account_id, id, seq, endpoint_id, event_id, event_type, status, attempts, last_status_code, last_error, next_attempt_time, create_time, complete_time) FROM stdin;
\.


--
-- Data for Name: webhook_endpoints; Type: TABLE DATA; Schema: billing_upgrade_fixture; Owner: -
--

COPY billing_upgrade_fixture.webhook_endpoints (account_id, id, url, event_types, description, enabled, secret, previous_secret, previous_secret_expire_time, failing_since, disabled_reason, disable_time, create_time, update_time) FROM stdin;
acct_e2e	we_7g3fmanhvi22l6pfaotosmkana	https://hooks.example/billing	invoice.paid	ERP	t	whsec_kJEcbzA8tp7BuEN8JkFXm63wApAT6Zg-Cl3YHXrahZo		\N	\N		\N	2026-12-07 15:54:34.472478+00	2026-12-07 15:54:34.472478+00
\.


--
-- Name: events_seq_seq; Type: SEQUENCE SET; Schema: billing_upgrade_fixture; Owner: -
--

SELECT pg_catalog.setval('billing_upgrade_fixture.events_seq_seq', 29, true);


--
-- Name: ledger_entries_seq_seq; Type: SEQUENCE SET; Schema: billing_upgrade_fixture; Owner: -
--

SELECT pg_catalog.setval('billing_upgrade_fixture.ledger_entries_seq_seq', 8, true);


--
-- Name: outbox_messages_seq_seq; Type: SEQUENCE SET; Schema: billing_upgrade_fixture; Owner: -
--

SELECT pg_catalog.setval('billing_upgrade_fixture.outbox_messages_seq_seq', 4, true);


--
-- Name: webhook_deliveries_seq_seq; Type: SEQUENCE SET; Schema: billing_upgrade_fixture; Owner: -
--

SELECT pg_catalog.setval('billing_upgrade_fixture.webhook_deliveries_seq_seq', 1, false);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: credit_notes credit_notes_account_id_number_key; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.credit_notes
    ADD CONSTRAINT credit_notes_account_id_number_key UNIQUE (account_id, number);


--
-- Name: credit_notes credit_notes_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.credit_notes
    ADD CONSTRAINT credit_notes_pkey PRIMARY KEY (account_id, id);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (account_id, id);


--
-- Name: document_sequences document_sequences_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.document_sequences
    ADD CONSTRAINT document_sequences_pkey PRIMARY KEY (account_id, kind);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (account_id, id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (account_id, key);


--
-- Name: invoice_emails invoice_emails_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_emails
    ADD CONSTRAINT invoice_emails_pkey PRIMARY KEY (account_id, invoice_id);


--
-- Name: invoice_line_items invoice_line_items_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_line_items
    ADD CONSTRAINT invoice_line_items_pkey PRIMARY KEY (account_id, invoice_id, "position");


--
-- Name: invoice_parties invoice_parties_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_parties
    ADD CONSTRAINT invoice_parties_pkey PRIMARY KEY (account_id, invoice_id);


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (account_id, id);


--
-- Name: ledger_entries ledger_entries_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.ledger_entries
    ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (account_id, id);


--
-- Name: list_counts list_counts_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.list_counts
    ADD CONSTRAINT list_counts_pkey PRIMARY KEY (account_id, list, customer_id, status, shard);


--
-- Name: organizations organizations_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (account_id);


--
-- Name: outbox_messages outbox_messages_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.outbox_messages
    ADD CONSTRAINT outbox_messages_pkey PRIMARY KEY (account_id, id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (account_id, id);


--
-- Name: revenue_calculations revenue_calculations_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.revenue_calculations
    ADD CONSTRAINT revenue_calculations_pkey PRIMARY KEY (account_id, id);


--
-- Name: revenue_results revenue_results_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.revenue_results
    ADD CONSTRAINT revenue_results_pkey PRIMARY KEY (account_id, calculation_id, "position");


--
-- Name: revenue_schedule_entries revenue_schedule_entries_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.revenue_schedule_entries
    ADD CONSTRAINT revenue_schedule_entries_pkey PRIMARY KEY (account_id, calculation_id, result_position, "position");


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: server_secrets server_secrets_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.server_secrets
    ADD CONSTRAINT server_secrets_pkey PRIMARY KEY (name);


--
-- Name: tax_rates tax_rates_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.tax_rates
    ADD CONSTRAINT tax_rates_pkey PRIMARY KEY (account_id, id);


--
-- Name: webhook_deliveries webhook_deliveries_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (account_id, id);


--
-- Name: webhook_endpoints webhook_endpoints_pkey; Type: CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (account_id, id);


--
-- Name: api_keys_by_account; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX api_keys_by_account ON billing_upgrade_fixture.api_keys USING btree (account_id, create_time, id);


--
-- Name: credit_notes_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX credit_notes_by_create_time ON billing_upgrade_fixture.credit_notes USING btree (account_id, create_time, id);


--
-- Name: credit_notes_by_customer; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX credit_notes_by_customer ON billing_upgrade_fixture.credit_notes USING btree (account_id, customer_id, create_time, id);


--
-- Name: credit_notes_by_invoice; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX credit_notes_by_invoice ON billing_upgrade_fixture.credit_notes USING btree (account_id, invoice_id, create_time, id);


--
-- Name: customers_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX customers_by_create_time ON billing_upgrade_fixture.customers USING btree (account_id, create_time, id);


--
-- Name: events_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX events_by_create_time ON billing_upgrade_fixture.events USING btree (account_id, create_time, seq);


--
-- Name: events_by_resource; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX events_by_resource ON billing_upgrade_fixture.events USING btree (account_id, resource_id, create_time, seq);


--
-- Name: events_by_type; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX events_by_type ON billing_upgrade_fixture.events USING btree (account_id, type, create_time, seq);


--
-- Name: events_for_purge; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX events_for_purge ON billing_upgrade_fixture.events USING btree (create_time);


--
-- Name: idempotency_keys_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX idempotency_keys_by_create_time ON billing_upgrade_fixture.idempotency_keys USING btree (create_time);


--
-- Name: invoice_emails_due; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoice_emails_due ON billing_upgrade_fixture.invoice_emails USING btree (next_attempt_time) WHERE (status = 'queued'::text);


--
-- Name: invoice_line_items_by_tax_rate; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoice_line_items_by_tax_rate ON billing_upgrade_fixture.invoice_line_items USING btree (account_id, tax_rate_id) WHERE (tax_rate_id <> ''::text);


--
-- Name: invoices_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoices_by_create_time ON billing_upgrade_fixture.invoices USING btree (account_id, create_time, id);


--
-- Name: invoices_by_customer; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoices_by_customer ON billing_upgrade_fixture.invoices USING btree (account_id, customer_id, create_time, id);


--
-- Name: invoices_by_customer_status; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoices_by_customer_status ON billing_upgrade_fixture.invoices USING btree (account_id, customer_id, status, create_time, id);


--
-- Name: invoices_by_default_tax_rate; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoices_by_default_tax_rate ON billing_upgrade_fixture.invoices USING btree (account_id, default_tax_rate_id) WHERE (default_tax_rate_id <> ''::text);


--
-- Name: invoices_by_number; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE UNIQUE INDEX invoices_by_number ON billing_upgrade_fixture.invoices USING btree (account_id, number);


--
-- Name: invoices_by_status; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX invoices_by_status ON billing_upgrade_fixture.invoices USING btree (account_id, status, create_time, id);


--
-- Name: ledger_entries_by_customer; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX ledger_entries_by_customer ON billing_upgrade_fixture.ledger_entries USING btree (account_id, customer_id, create_time);


--
-- Name: ledger_entries_by_invoice; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX ledger_entries_by_invoice ON billing_upgrade_fixture.ledger_entries USING btree (account_id, invoice_id, create_time, seq);


--
-- Name: outbox_messages_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX outbox_messages_by_create_time ON billing_upgrade_fixture.outbox_messages USING btree (account_id, create_time, seq);


--
-- Name: outbox_messages_undelivered; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX outbox_messages_undelivered ON billing_upgrade_fixture.outbox_messages USING btree (create_time, account_id, id) WHERE (delivered_time IS NULL);


--
-- Name: payments_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX payments_by_create_time ON billing_upgrade_fixture.payments USING btree (account_id, create_time, id);


--
-- Name: payments_by_customer; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX payments_by_customer ON billing_upgrade_fixture.payments USING btree (account_id, customer_id, create_time, id);


--
-- Name: payments_by_invoice; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX payments_by_invoice ON billing_upgrade_fixture.payments USING btree (account_id, invoice_id, create_time, id);


--
-- Name: revenue_calculations_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX revenue_calculations_by_create_time ON billing_upgrade_fixture.revenue_calculations USING btree (account_id, create_time, id);


--
-- Name: revenue_calculations_unfinished; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX revenue_calculations_unfinished ON billing_upgrade_fixture.revenue_calculations USING btree (create_time, account_id, id) WHERE (status = ANY (ARRAY['queued'::text, 'running'::text]));


--
-- Name: tax_rates_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX tax_rates_by_create_time ON billing_upgrade_fixture.tax_rates USING btree (account_id, create_time, id);


--
-- Name: webhook_deliveries_by_endpoint; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX webhook_deliveries_by_endpoint ON billing_upgrade_fixture.webhook_deliveries USING btree (account_id, endpoint_id, create_time, seq);


--
-- Name: webhook_deliveries_due; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX webhook_deliveries_due ON billing_upgrade_fixture.webhook_deliveries USING btree (next_attempt_time) WHERE (status = 'pending'::text);


--
-- Name: webhook_endpoints_by_create_time; Type: INDEX; Schema: billing_upgrade_fixture; Owner: -
--

CREATE INDEX webhook_endpoints_by_create_time ON billing_upgrade_fixture.webhook_endpoints USING btree (account_id, create_time, id);


--
-- Name: customers customers_count; Type: TRIGGER; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TRIGGER customers_count AFTER INSERT OR DELETE ON billing_upgrade_fixture.customers FOR EACH ROW EXECUTE FUNCTION billing_upgrade_fixture.rows_count();


--
-- Name: invoices invoices_count; Type: TRIGGER; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TRIGGER invoices_count AFTER INSERT OR DELETE ON billing_upgrade_fixture.invoices FOR EACH ROW EXECUTE FUNCTION billing_upgrade_fixture.invoices_count();


--
-- Name: invoices invoices_count_update; Type: TRIGGER; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TRIGGER invoices_count_update AFTER UPDATE OF customer_id, status ON billing_upgrade_fixture.invoices FOR EACH ROW WHEN (((old.customer_id IS DISTINCT FROM new.customer_id) OR (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION billing_upgrade_fixture.invoices_count();


--
-- Name: revenue_calculations revenue_calculations_count; Type: TRIGGER; Schema: billing_upgrade_fixture; Owner: -
--

CREATE TRIGGER revenue_calculations_count AFTER INSERT OR DELETE ON billing_upgrade_fixture.revenue_calculations FOR EACH ROW EXECUTE FUNCTION billing_upgrade_fixture.rows_count();


--
-- Name: credit_notes credit_notes_account_id_customer_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.credit_notes
    ADD CONSTRAINT credit_notes_account_id_customer_id_fkey FOREIGN KEY (account_id, customer_id) REFERENCES billing_upgrade_fixture.customers(account_id, id);


--
-- Name: credit_notes credit_notes_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.credit_notes
    ADD CONSTRAINT credit_notes_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id);


--
-- Name: invoice_emails invoice_emails_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_emails
    ADD CONSTRAINT invoice_emails_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id) ON DELETE CASCADE;


--
-- Name: invoice_line_items invoice_line_items_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_line_items
    ADD CONSTRAINT invoice_line_items_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id) ON DELETE CASCADE;


--
-- Name: invoice_parties invoice_parties_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoice_parties
    ADD CONSTRAINT invoice_parties_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id) ON DELETE CASCADE;


--
-- Name: invoices invoices_account_id_customer_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.invoices
    ADD CONSTRAINT invoices_account_id_customer_id_fkey FOREIGN KEY (account_id, customer_id) REFERENCES billing_upgrade_fixture.customers(account_id, id);


--
-- Name: ledger_entries ledger_entries_account_id_customer_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.ledger_entries
    ADD CONSTRAINT ledger_entries_account_id_customer_id_fkey FOREIGN KEY (account_id, customer_id) REFERENCES billing_upgrade_fixture.customers(account_id, id);


--
-- Name: ledger_entries ledger_entries_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.ledger_entries
    ADD CONSTRAINT ledger_entries_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id);


--
-- Name: payments payments_account_id_customer_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.payments
    ADD CONSTRAINT payments_account_id_customer_id_fkey FOREIGN KEY (account_id, customer_id) REFERENCES billing_upgrade_fixture.customers(account_id, id);


--
-- Name: payments payments_account_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.payments
    ADD CONSTRAINT payments_account_id_invoice_id_fkey FOREIGN KEY (account_id, invoice_id) REFERENCES billing_upgrade_fixture.invoices(account_id, id);


--
-- Name: revenue_results revenue_results_account_id_calculation_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.revenue_results
    ADD CONSTRAINT revenue_results_account_id_calculation_id_fkey FOREIGN KEY (account_id, calculation_id) REFERENCES billing_upgrade_fixture.revenue_calculations(account_id, id) ON DELETE CASCADE;


--
-- Name: revenue_schedule_entries revenue_schedule_entries_account_id_calculation_id_result__fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.revenue_schedule_entries
    ADD CONSTRAINT revenue_schedule_entries_account_id_calculation_id_result__fkey FOREIGN KEY (account_id, calculation_id, result_position) REFERENCES billing_upgrade_fixture.revenue_results(account_id, calculation_id, "position") ON DELETE CASCADE;


--
-- Name: webhook_deliveries webhook_deliveries_account_id_endpoint_id_fkey; Type: FK CONSTRAINT; Schema: billing_upgrade_fixture; Owner: -
--

ALTER TABLE ONLY billing_upgrade_fixture.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_account_id_endpoint_id_fkey FOREIGN KEY (account_id, endpoint_id) REFERENCES billing_upgrade_fixture.webhook_endpoints(account_id, id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict IKay22BqxX402M6AUX8PiVWqrz5qS0d4eGI04uVrjrRe0yq5omCA5R5UhqL2CMS

