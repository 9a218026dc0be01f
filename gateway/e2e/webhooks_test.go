package e2e

// Events and webhooks through the real gateway and billing-server: the body
// a webhook POSTs is the event exactly as GET /api/v1/events/{id} shows it,
// signed so that the README's Go verifier accepts it; and a kill -9 of the
// server in the middle of a delivery loses nothing.

import (
	restv1 "billing/gateway/gen/billing/rest/v1"
	billingv1 "billing/gateway/gen/billing/v1"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// VerifyBillingSignature is the README's Go verifier, verbatim: this test
// is what keeps that snippet right.
func VerifyBillingSignature(header string, body []byte, secret string, now time.Time) error {
	var t int64 = -1
	var signatures [][]byte
	for _, item := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(item, "=")
		switch key {
		case "t":
			parsed, err := strconv.ParseInt(value, 10, 64)
			if err != nil || t != -1 {
				return errors.New("malformed timestamp")
			}
			t = parsed
		case "v1":
			if sig, err := hex.DecodeString(value); err == nil {
				signatures = append(signatures, sig)
			}
		}
	}
	if t < 0 || len(signatures) == 0 {
		return errors.New("malformed header")
	}
	if d := now.Unix() - t; d > 300 || d < -300 {
		return errors.New("timestamp outside the 5-minute tolerance")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", t)
	mac.Write(body)
	expected := mac.Sum(nil)
	for _, sig := range signatures {
		if hmac.Equal(sig, expected) {
			return nil
		}
	}
	return errors.New("no signature matches")
}

// post is one webhook as the receiver got it.
type post struct {
	header http.Header
	body   []byte
}

// receiver is a real HTTP server on a loopback port that records every
// POST; hold makes it wait that long before answering 200.
type receiver struct {
	mu    sync.Mutex
	posts []post
	hold  time.Duration
	srv   *http.Server
	url   string
}

func startReceiver(t *testing.T, hold time.Duration) *receiver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{hold: hold, url: "http://" + ln.Addr().String() + "/hooks"}
	rc.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.posts = append(rc.posts, post{header: r.Header.Clone(), body: body})
		hold := rc.hold
		rc.mu.Unlock()
		time.Sleep(hold)
		w.WriteHeader(http.StatusOK)
	})}
	go rc.srv.Serve(ln)
	t.Cleanup(func() { rc.srv.Close() })
	return rc
}

func (rc *receiver) received() []post {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]post(nil), rc.posts...)
}

func waitFor(t *testing.T, what string, wait time.Duration, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type webhookEndpoint = billingv1.WebhookEndpoint

func (e *env) createEndpoint(url string, types ...string) *webhookEndpoint {
	e.t.Helper()
	typesJSON, _ := json.Marshal(types)
	r := e.do(req{method: "POST", path: "/api/v1/webhook-endpoints",
		body: fmt.Sprintf(`{"url":%q,"eventTypes":%s,"description":"ERP"}`, url, typesJSON)})
	expect(e.t, r, http.StatusCreated, "")
	ep := &webhookEndpoint{}
	data(e.t, r, ep)
	if r.Header.Get("Location") != "/api/v1/webhook-endpoints/"+ep.Id || !strings.HasPrefix(ep.Secret, "whsec_") || !ep.GetEnabled() {
		e.t.Fatalf("created %+v, Location %q", ep, r.Header.Get("Location"))
	}
	return ep
}

// asJSON decodes raw JSON into plain Go values, for comparing documents
// whatever their key order.
func asJSON(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	return v
}

func TestWebhookBodyIsTheEventAsRESTShowsIt(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	rc := startReceiver(t, 0)
	ep := e.createEndpoint(rc.url, "invoice.processed")
	r := e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id})
	expect(t, r, http.StatusOK, "")
	shown := &webhookEndpoint{}
	data(t, r, shown)
	if shown.Secret != "" || shown.Url != rc.url || !reflect.DeepEqual(shown.EventTypes, []string{"invoice.processed"}) {
		t.Errorf("GET shows %+v", shown)
	}

	acme := e.createCustomer("Acme", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"250.00","dueDate":"2099-03-31"}`)
	expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"}), http.StatusOK, "")

	waitFor(t, "the invoice.processed webhook", 5*time.Second, func() bool { return len(rc.received()) > 0 })
	got := rc.received()[0]
	if err := VerifyBillingSignature(got.header.Get("Billing-Signature"), got.body, ep.Secret, time.Now()); err != nil {
		t.Fatalf("signature: %v (%s)", err, got.header.Get("Billing-Signature"))
	}
	if err := VerifyBillingSignature(got.header.Get("Billing-Signature"), got.body, "whsec_wrong", time.Now()); err == nil {
		t.Fatal("a wrong secret verified")
	}
	if got.header.Get("Content-Type") != "application/json" || got.header.Get("Billing-Event-Type") != "invoice.processed" {
		t.Errorf("headers %v", got.header)
	}
	eventID := got.header.Get("Billing-Event-Id")

	// The body is the event as GET /api/v1/events/{id} shows it.
	r = e.do(req{method: "GET", path: "/api/v1/events/" + eventID})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetType() != "Event" {
		t.Errorf("type %q", r.Env.GetType())
	}
	if !reflect.DeepEqual(asJSON(t, got.body), asJSON(t, []byte(rawData(t, r)))) {
		t.Errorf("webhook body\n%s\nGET /events/%s\n%s", got.body, eventID, rawData(t, r))
	}
	// Its data is the invoice as GET /api/v1/invoices/{id} shows it:
	// camelCase names, the status as a word.
	var event struct {
		Data json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(got.body, &event)
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id})
	if !reflect.DeepEqual(asJSON(t, event.Data), asJSON(t, []byte(rawData(t, r)))) {
		t.Errorf("event data\n%s\nGET /invoices/%s\n%s", event.Data, inv.Id, rawData(t, r))
	}
	if !bytes.Contains(event.Data, []byte(`"status":"pending"`)) {
		t.Errorf("data %s", event.Data)
	}

	// Listed newest first, filterable by type and resource.
	r = e.do(req{method: "GET", path: "/api/v1/events?type=invoice.processed&resourceId=" + inv.Id})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)
	// Processing moved the customer's balance: customer.updated, in its transaction.
	r = e.do(req{method: "GET", path: "/api/v1/events?pageSize=3"})
	var listed []struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal([]byte(rawData(t, r)), &listed)
	if len(listed) != 3 || listed[0].Type != "invoice.processed" || listed[1].Type != "customer.updated" || listed[2].Type != "invoice.created" {
		t.Errorf("newest first: %s", rawData(t, r))
	}
	expect(t, e.do(req{method: "GET", path: "/api/v1/events/evt_nosuchevent"}), http.StatusNotFound, "EVENT_NOT_FOUND")

	// The delivery is visible on the endpoint.
	waitFor(t, "the delivery to show succeeded", 5*time.Second, func() bool {
		r := e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id + "/deliveries"})
		return strings.Contains(rawData(t, r), `"status":"succeeded"`) && strings.Contains(rawData(t, r), eventID)
	})

	// A private address without the flag is refused (this server has it).
	r = e.do(req{method: "POST", path: "/api/v1/webhook-endpoints", body: `{"url":"ftp://example.com/x","eventTypes":["*"]}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
}

// Payments and credit notes are events too: an endpoint subscribed to
// payment.created and credit_note.created gets one webhook for each, with
// the payment or note as GET shows it, and the invoice.paid of the payment
// that settles the invoice only if it subscribed to that.
func TestPaymentAndCreditNoteEventsAreDelivered(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	rc := startReceiver(t, 0)
	e.createEndpoint(rc.url, "payment.created", "credit_note.created")

	acme := e.createCustomer("Acme Receivables", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"100.00","dueDate":"2099-03-31"}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")
	r := e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"10.00","reason":"order_change"}`})
	expect(t, r, http.StatusCreated, "")
	noteID := strings.TrimPrefix(r.Header.Get("Location"), "/api/v1/credit-notes/")
	// Refused: no event, no webhook.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"90.01","method":"card"}`})
	expect(t, r, http.StatusConflict, "PAYMENT_EXCEEDS_AMOUNT_DUE")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"90.00","method":"card"}`})
	expect(t, r, http.StatusCreated, "")
	paymentID := strings.TrimPrefix(r.Header.Get("Location"), "/api/v1/payments/")

	waitFor(t, "two webhooks", 5*time.Second, func() bool { return len(rc.received()) >= 2 })
	time.Sleep(300 * time.Millisecond) // nothing more is coming
	got := map[string]post{}
	for _, p := range rc.received() {
		got[p.header.Get("Billing-Event-Type")] = p
	}
	if len(rc.received()) != 2 || len(got) != 2 {
		t.Fatalf("received %d webhooks of types %v, want one payment.created and one credit_note.created", len(rc.received()), got)
	}
	for typ, path := range map[string]string{"payment.created": "/api/v1/payments/" + paymentID, "credit_note.created": "/api/v1/credit-notes/" + noteID} {
		var event struct {
			ResourceID string          `json:"resourceId"`
			Data       json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(got[typ].body, &event); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		if !strings.HasSuffix(path, "/"+event.ResourceID) || !reflect.DeepEqual(asJSON(t, event.Data), asJSON(t, []byte(rawData(t, r)))) {
			t.Errorf("%s: resourceId %s, data\n%s\nGET %s\n%s", typ, event.ResourceID, event.Data, path, rawData(t, r))
		}
	}
	// The settling payment recorded invoice.paid too (not subscribed here).
	r = e.do(req{method: "GET", path: "/api/v1/events?type=invoice.paid&resourceId=" + inv.Id})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)
}

func TestPrivateWebhookURLRefusedWithoutTheFlag(t *testing.T) {
	e := newEnv(t)
	// A host that does not resolve yet is accepted (DNS often comes later):
	// the endpoint the PATCHes below try to point elsewhere.
	ep := e.createEndpoint("https://billing-hooks.invalid/events", "*")
	for _, url := range []string{"http://127.0.0.1:9/hooks",
		// Loopback inside IPv6: IPv4-translated (RFC 6145), IPv4-mapped,
		// NAT64 (RFC 6052), 6to4, and the local-use NAT64 prefix (RFC 8215).
		"http://[::ffff:0:127.0.0.1]/", "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
		"http://[2002:7f00:1::1]/", "http://[64:ff9b:1::a00:1]/",
		// Ports outside 1-65535.
		"https://billing-hooks.invalid:0/", "https://billing-hooks.invalid:65536/"} {
		body := fmt.Sprintf(`{"url":%q,"eventTypes":["*"]}`, url)
		r := e.do(req{method: "POST", path: "/api/v1/webhook-endpoints", body: body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if v := violations(t, r); v["url"] == "" {
			t.Errorf("POST %s: violations %v", url, v)
		}
		r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id, body: fmt.Sprintf(`{"url":%q}`, url)})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if v := violations(t, r); v["url"] == "" {
			t.Errorf("PATCH %s: violations %v", url, v)
		}
	}
}

// "enabled": false on create is honoured: the endpoint is stored disabled
// and gets no delivery until a PATCH enables it.
func TestADisabledEndpointReceivesNothing(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	off, on := startReceiver(t, 0), startReceiver(t, 0)
	r := e.do(req{method: "POST", path: "/api/v1/webhook-endpoints",
		body: fmt.Sprintf(`{"url":%q,"eventTypes":["customer.created"],"enabled":false}`, off.url)})
	expect(t, r, http.StatusCreated, "")
	disabled := &webhookEndpoint{}
	data(t, r, disabled)
	if disabled.Enabled == nil || *disabled.Enabled {
		t.Fatalf("created with enabled false, answered %+v", disabled)
	}
	r = e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + disabled.Id})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(rawData(t, r), `"enabled":false`) {
		t.Errorf("GET shows %s", rawData(t, r))
	}
	e.createEndpoint(on.url, "customer.created") // enabled when left out

	e.createCustomer("First", "USD")
	waitFor(t, "the enabled endpoint's webhook", 5*time.Second, func() bool { return len(on.received()) == 1 })
	// Both were queued by the same write: had the disabled one been
	// queued, it would be due as soon (the dispatcher polls every 500 ms).
	time.Sleep(1500 * time.Millisecond)
	if n := len(off.received()); n != 0 {
		t.Fatalf("the disabled endpoint received %d webhooks", n)
	}
	r = e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + disabled.Id + "/deliveries"})
	expect(t, r, http.StatusOK, "")
	if strings.Contains(rawData(t, r), "whd_") {
		t.Errorf("the disabled endpoint has deliveries: %s", rawData(t, r))
	}

	r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + disabled.Id, body: `{"enabled":true}`})
	expect(t, r, http.StatusOK, "")
	e.createCustomer("Second", "USD")
	waitFor(t, "the webhook once enabled", 5*time.Second, func() bool { return len(off.received()) == 1 })
}

// A type listed twice is refused, naming the repeat, on create and PATCH.
func TestRepeatedEventTypesAreRefused(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	rc := startReceiver(t, 0)
	r := e.do(req{method: "POST", path: "/api/v1/webhook-endpoints",
		body: fmt.Sprintf(`{"url":%q,"eventTypes":["invoice.paid","invoice.paid"]}`, rc.url)})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["eventTypes[1]"] == "" {
		t.Errorf("violations %v", v)
	}
	ep := e.createEndpoint(rc.url, "invoice.paid")
	r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id,
		body: `{"eventTypes":["invoice.processed","invoice.paid","invoice.processed"]}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["eventTypes[2]"] == "" {
		t.Errorf("violations %v", v)
	}
	r = e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(rawData(t, r), `"eventTypes":["invoice.paid"]`) {
		t.Errorf("the refused PATCH changed the endpoint: %s", rawData(t, r))
	}
}

func TestKill9MidDeliveryLosesNothing(t *testing.T) {
	// Each answer takes 1.5 s, so the kill lands while an attempt is in
	// flight; the lease (2 s) lets the restarted server take it over.
	flags := []string{"--webhooks_allow_private_networks", "--webhook_attempt_lease=2s", "--webhook_workers=1"}
	e := newEnvWith(t, flags, nil)
	rc := startReceiver(t, 1500*time.Millisecond)
	ep := e.createEndpoint(rc.url, "customer.created")
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, e.createCustomer(fmt.Sprintf("Kill %d", i), "USD").Id)
	}
	waitFor(t, "the first attempt to be in flight", 5*time.Second, func() bool { return len(rc.received()) > 0 })
	if err := e.server.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	<-e.server.done

	args := []string{"--listen=" + e.server.addr, "--db=" + e.server.db}
	args = append(args, highRate...)
	args = append(args, flags...)
	start(t, "billing-server (restarted)", serverBin(t), args...)

	// Every event arrives (at least once), each with its own first id.
	waitFor(t, "every event after the restart", 20*time.Second, func() bool {
		seen := map[string]bool{}
		for _, p := range rc.received() {
			seen[p.header.Get("Billing-Event-Id")] = true
		}
		return len(seen) == len(ids)
	})
	waitFor(t, "every delivery to show succeeded", 20*time.Second, func() bool {
		r := e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id + "/deliveries"})
		return r.Status == 200 && strings.Count(rawData(t, r), `"status":"succeeded"`) == len(ids)
	})
	for _, p := range rc.received() {
		if err := VerifyBillingSignature(p.header.Get("Billing-Signature"), p.body, ep.Secret, time.Now()); err != nil {
			t.Errorf("signature after restart: %v", err)
		}
	}
}

func TestWebhookEndpointsLifecycle(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	rc := startReceiver(t, 0)
	ep := e.createEndpoint(rc.url, "customer.created")

	r := e.do(req{method: "GET", path: "/api/v1/webhook-endpoints"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)
	if strings.Contains(rawData(t, r), "whsec_") {
		t.Errorf("a list shows a secret: %s", rawData(t, r))
	}

	// PATCH changes only what the body names; a bad type is named.
	r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id, body: `{"eventTypes":["*"],"description":"all of it"}`})
	expect(t, r, http.StatusOK, "")
	patched := &webhookEndpoint{}
	data(t, r, patched)
	if !reflect.DeepEqual(patched.EventTypes, []string{"*"}) || patched.Description != "all of it" || patched.Url != rc.url || !patched.GetEnabled() || patched.Secret != "" {
		t.Errorf("patched %+v", patched)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id, body: `{"eventTypes":["invoice.exploded"]}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["eventTypes[0]"] == "" {
		t.Errorf("violations %v", v)
	}

	// Rotation: the new secret is shown once; for 24 h both sign.
	r = e.do(req{method: "POST", path: "/api/v1/webhook-endpoints/" + ep.Id + "/rotate-secret"})
	expect(t, r, http.StatusOK, "")
	rotated := &webhookEndpoint{}
	data(t, r, rotated)
	if !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == ep.Secret {
		t.Fatalf("rotated %+v", rotated)
	}
	e.createCustomer("Rotated", "USD")
	waitFor(t, "the webhook after rotation", 5*time.Second, func() bool { return len(rc.received()) == 1 })
	first := rc.received()[0]
	header := first.header.Get("Billing-Signature")
	if strings.Count(header, "v1=") != 2 {
		t.Errorf("Billing-Signature during a rotation: %s", header)
	}
	for _, secret := range []string{rotated.Secret, ep.Secret} {
		if err := VerifyBillingSignature(header, first.body, secret, time.Now()); err != nil {
			t.Errorf("secret %s…: %v", secret[:10], err)
		}
	}

	// Redeliver: the same event again, with its own id.
	eventID := first.header.Get("Billing-Event-Id")
	r = e.do(req{method: "POST", path: "/api/v1/events/" + eventID + "/redeliver"})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(rawData(t, r), `"queuedDeliveries":1`) {
		t.Errorf("redeliver answered %s", rawData(t, r))
	}
	waitFor(t, "the redelivery", 5*time.Second, func() bool { return len(rc.received()) == 2 })
	if got := rc.received()[1].header.Get("Billing-Event-Id"); got != eventID {
		t.Errorf("redelivered %s, want %s", got, eventID)
	}

	// Disabled: nothing more is delivered; deleted: gone.
	r = e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id, body: `{"enabled":false}`})
	expect(t, r, http.StatusOK, "")
	e.createCustomer("Unheard", "USD")
	time.Sleep(700 * time.Millisecond)
	if n := len(rc.received()); n != 2 {
		t.Errorf("a disabled endpoint got %d webhooks, want 2", n)
	}
	expect(t, e.do(req{method: "DELETE", path: "/api/v1/webhook-endpoints/" + ep.Id}), http.StatusNoContent, "")
	expect(t, e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id}), http.StatusNotFound, "WEBHOOK_ENDPOINT_NOT_FOUND")
	expect(t, e.do(req{method: "GET", path: "/api/v1/webhook-endpoints/" + ep.Id + "/deliveries"}), http.StatusNotFound, "WEBHOOK_ENDPOINT_NOT_FOUND")
}

// The event types the document lists (a webhook endpoint's eventTypes, the
// events list's type filter) are the ones the service takes: a client that
// offers them in a menu never gets a 400 for picking one.
func TestDocumentedEventTypesAreAccepted(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	ep := e.createEndpoint(startReceiver(t, 0).url, "customer.created")
	subscribed := e.spec.doc.Components.Schemas["WebhookEndpoint"].Value.Properties["eventTypes"].Value.Items.Value.Enum
	if len(subscribed) < 2 {
		t.Fatalf("the document lists event types %v", subscribed)
	}
	var types []string
	for _, v := range subscribed {
		s, _ := v.(string)
		if s == "*" {
			continue
		}
		types = append(types, s)
		r := e.do(req{method: "GET", path: "/api/v1/events?type=" + s})
		expect(t, r, http.StatusOK, "")
	}
	body, _ := json.Marshal(map[string]any{"eventTypes": types})
	r := e.do(req{method: "PATCH", path: "/api/v1/webhook-endpoints/" + ep.Id, body: string(body)})
	expect(t, r, http.StatusOK, "")
	patched := &webhookEndpoint{}
	data(t, r, patched)
	if !reflect.DeepEqual(patched.EventTypes, types) {
		t.Errorf("subscribed to %v, asked for %v", patched.EventTypes, types)
	}
	filter := e.spec.doc.Paths.Value("/api/v1/events").Get.Parameters.GetByInAndName("query", "type").Schema.Value.Enum
	if len(filter) != len(types) {
		t.Errorf("the type filter lists %v, the endpoints %v", filter, types)
	}
}

// GET /api/v1/events gives out nextPageToken, and pageToken walks the list
// from it: every event once, newest first, each page numbered from the
// start; a token sent with other filters, or edited, is 400 VALIDATION_ERROR
// naming pageToken.
func TestEventsPageByTokenOverREST(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"250.00","dueDate":"2099-03-31"}`)
	e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"10.00","dueDate":"2099-03-31"}`)
	expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"}), http.StatusOK, "")

	ids := func(r *reply) []string {
		var out []string
		for _, ev := range items[*billingv1.Event](t, r) {
			out = append(out, ev.Id)
		}
		return out
	}
	r := e.do(req{method: "GET", path: "/api/v1/events?pageSize=100"})
	expect(t, r, http.StatusOK, "")
	all := ids(r)
	if len(all) != 5 { // customer.created, 2 x invoice.created, invoice.processed, customer.updated (its balance)
		t.Fatalf("events: %s", rawData(t, r))
	}

	var walked []string
	var pages []int32
	path := "/api/v1/events?pageSize=3"
	var first string
	for len(pages) < 10 {
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		walked = append(walked, ids(r)...)
		pages = append(pages, r.Env.GetPage())
		next := r.Env.(*restv1.EventListEnvelope).GetNextPageToken()
		if next == "" {
			if bytes.Contains(r.Body, []byte(`"nextPageToken":"`)) && !bytes.Contains(r.Body, []byte(`"nextPageToken":""`)) {
				t.Errorf("the last page has a token: %s", r.Body)
			}
			break
		}
		if !bytes.Contains(r.Body, []byte(`,"nextPageToken":"`+next+`"}`)) {
			t.Errorf("nextPageToken is not after requestId: %s", r.Body)
		}
		if first == "" {
			first = next
		}
		path = "/api/v1/events?pageSize=3&pageToken=" + url.QueryEscape(next)
	}
	if !reflect.DeepEqual(walked, all) || !reflect.DeepEqual(pages, []int32{1, 2}) {
		t.Errorf("walked %v on pages %v, want %v on pages [1 2]", walked, pages, all)
	}
	if first == "" {
		t.Fatal("no nextPageToken on the first page of 3 of 5 events")
	}

	refused := func(path string) {
		t.Helper()
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if _, ok := violations(t, r)["pageToken"]; !ok {
			t.Errorf("%s: no pageToken violation: %s", path, r.Body)
		}
	}
	token := url.QueryEscape(first)
	refused("/api/v1/events?pageSize=3&type=invoice.created&pageToken=" + token)
	refused("/api/v1/events?pageSize=3&resourceId=" + inv.Id + "&pageToken=" + token)
	refused("/api/v1/events?pageSize=2&pageToken=" + token)
	refused("/api/v1/events?pageSize=3&page=2&pageToken=" + token)
	edited := []byte(first)
	if edited[len(edited)/2] == 'A' {
		edited[len(edited)/2] = 'B'
	} else {
		edited[len(edited)/2] = 'A'
	}
	refused("/api/v1/events?pageSize=3&pageToken=" + url.QueryEscape(string(edited)))
}
