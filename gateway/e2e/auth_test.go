package e2e

// The authentication matrix through REST: the real gateway in front of the
// real billing-server, which enforces credentials, scopes, tenants and the
// per-credential rate limit; the gateway maps its answers to 401 (with
// WWW-Authenticate), 403, 404 and 429 (with Retry-After).

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
)

var allScopes = []string{"customers:read", "customers:write", "invoices:read", "invoices:write", "revenue:read", "revenue:write"}

// authOp is one REST operation, the scope the service requires for it, and
// its status when called with that scope.
type authOp struct {
	scope  string
	r      req
	status int
}

// fixture is data of testAccount that authOps work on.
type fixture struct {
	customer                           *customer
	invEdit, invCancel, invDelete, inv string
	calc                               string
}

func newFixture(e *env) fixture {
	e.t.Helper()
	c := e.createCustomer("Secret Holdings", "USD")
	mk := func() string {
		return e.createInvoice(fmt.Sprintf(`{"customerId":%q,"amount":"10.00","dueDate":"2099-12-31","notes":"secret note"}`, c.Id)).Id
	}
	f := fixture{customer: c, inv: mk(), invEdit: mk(), invCancel: mk(), invDelete: mk()}
	r := e.do(req{method: "POST", path: "/api/v1/revenue-calculations", body: `{"periodStart":"2026-01-01","periodEnd":"2026-02-28"}`})
	expect(e.t, r, http.StatusAccepted, "")
	calc := &revenueCalculation{}
	data(e.t, r, calc)
	f.calc = calc.Id
	return f
}

// authOps covers every documented operation once, in an order in which each
// succeeds when called with its scope.
func authOps(f fixture) []authOp {
	cus, inv := f.customer.Id, f.inv
	return []authOp{
		{"customers:read", req{method: "GET", path: "/api/v1/customers"}, 200},
		{"customers:read", req{method: "GET", path: "/api/v1/customers/" + cus}, 200},
		{"customers:write", req{method: "POST", path: "/api/v1/customers", body: `{"name":"Scoped","email":"scoped@example.com","defaultCurrency":"USD"}`}, 201},
		{"customers:write", req{method: "PUT", path: "/api/v1/customers/scoped-put", body: `{"name":"Put","email":"put@example.com","defaultCurrency":"EUR"}`}, 201},
		{"customers:write", req{method: "PATCH", path: "/api/v1/customers/scoped-put", body: `{"name":"Patched"}`}, 200},
		{"customers:write", req{method: "DELETE", path: "/api/v1/customers/scoped-put"}, 204},
		{"invoices:read", req{method: "GET", path: "/api/v1/invoices"}, 200},
		{"invoices:read", req{method: "GET", path: "/api/v1/invoices/" + inv}, 200},
		{"invoices:read", req{method: "GET", path: "/api/v1/customers/" + cus + "/invoices"}, 200},
		{"invoices:write", req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cus + `","amount":"20.00","dueDate":"2099-12-31"}`}, 201},
		{"invoices:write", req{method: "PUT", path: "/api/v1/invoices/" + f.invEdit, body: `{"customerId":"` + cus + `","amount":"12.00","dueDate":"2099-12-31"}`}, 200},
		{"invoices:write", req{method: "PATCH", path: "/api/v1/invoices/" + f.invEdit, body: `{"notes":"PO 1"}`}, 200},
		{"invoices:write", req{method: "POST", path: "/api/v1/invoices/" + f.invEdit + "/process"}, 200},
		{"invoices:write", req{method: "POST", path: "/api/v1/invoices/" + f.invCancel + "/cancel"}, 200},
		{"invoices:write", req{method: "DELETE", path: "/api/v1/invoices/" + f.invDelete}, 204},
		{"revenue:read", req{method: "GET", path: "/api/v1/revenue-calculations"}, 200},
		{"revenue:read", req{method: "GET", path: "/api/v1/revenue-calculations/" + f.calc}, 200},
		{"revenue:write", req{method: "POST", path: "/api/v1/revenue-calculations", body: `{"periodStart":"2026-01-01","periodEnd":"2026-03-31"}`}, 202},
	}
}

// expectRefusal checks an auth refusal: status, code, the headers the
// status implies, and an envelope that says nothing but the refusal.
func expectRefusal(t *testing.T, r *reply, status int, code string, leaks ...string) {
	t.Helper()
	expect(t, r, status, code)
	if r.Env.GetType() != "" || rawData(t, r) != "null" {
		t.Errorf("%s %s: a refusal carries data: type %q data %s", r.method, r.path, r.Env.GetType(), rawData(t, r))
	}
	for _, s := range leaks {
		if strings.Contains(string(r.Body), s) {
			t.Errorf("%s %s: the refusal shows %q: %s", r.method, r.path, s, r.Body)
		}
	}
	if status == http.StatusUnauthorized {
		got := r.Header.Values("WWW-Authenticate")
		want := []string{`Apikey realm="billing"`, `Bearer realm="billing"`}
		if !slices.Equal(got, want) {
			t.Errorf("%s %s: WWW-Authenticate %q, want %q", r.method, r.path, got, want)
		}
	} else if len(r.Header.Values("WWW-Authenticate")) != 0 {
		t.Errorf("%s %s: %d with WWW-Authenticate", r.method, r.path, status)
	}
}

// TestAuthMissingCredentials: without Authorization every operation is 401
// MISSING_CREDENTIALS and changes nothing; the gateway's own endpoints stay
// open.
func TestAuthMissingCredentials(t *testing.T) {
	e := newEnv(t)
	f := newFixture(e)
	anon := e.as("")
	for _, op := range authOps(f) {
		r := anon.do(op.r)
		expectRefusal(t, r, http.StatusUnauthorized, "MISSING_CREDENTIALS", f.customer.Name, "secret note")
		if !strings.Contains(r.Env.GetMessage(), "Authorization") {
			t.Errorf("%s %s: message %q does not say what to send", r.method, r.path, r.Env.GetMessage())
		}
	}
	// An empty header is no credential either.
	r := e.do(req{method: "GET", path: "/api/v1/invoices", header: map[string]string{"Authorization": ""}})
	expectRefusal(t, r, http.StatusUnauthorized, "MISSING_CREDENTIALS")

	// Nothing changed.
	if got := e.getInvoice(f.invDelete); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT || got.Amount != "10.00" {
		t.Errorf("invoice changed without a credential: %+v", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers/scoped-put"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")
	r = e.do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetTotalItems() != 1 {
		t.Errorf("customers created without a credential: %s", r.Body)
	}

	// The gateway's own endpoints need no credential.
	for _, path := range []string{"/healthz", "/readyz"} {
		r := anon.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		if r.Env.GetType() != "Health" {
			t.Errorf("%s: type %q", path, r.Env.GetType())
		}
	}
	for _, path := range []string{"/api/v1/openapi.json", "/docs"} {
		resp, err := http.Get(e.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s without a credential: %d", path, resp.StatusCode)
		}
	}
}

// otherKey returns key with its secret's last character changed: well
// formed, never issued.
func otherKey(key string) string {
	last := key[len(key)-1]
	repl := byte('a')
	if last == 'a' {
		repl = 'b'
	}
	return key[:len(key)-1] + string(repl)
}

// TestAuthInvalidCredentials: a malformed header, an unknown key and a
// revoked key are 401 INVALID_CREDENTIALS; an unknown and a revoked key get
// the very same message.
func TestAuthInvalidCredentials(t *testing.T) {
	e := newEnv(t)
	f := newFixture(e)
	key := e.key
	malformed := map[string]string{
		"scheme alone":         "Apikey",
		"not a key":            "Apikey not-a-key",
		"key without scheme":   key,
		"unknown scheme":       "Basic dXNlcjpwYXNzd29yZA==",
		"two spaces":           "Apikey  " + key,
		"key too long":         "Apikey " + key + "x",
		"key truncated":        "Apikey " + key[:len(key)-1],
		"uppercase in secret":  "Apikey " + key[:len(key)-1] + "A",
		"oversized":            "Apikey " + strings.Repeat("x", 5000),
		"bearer alone":         "Bearer",
		"bearer not a jwt":     "Bearer abc",
		"bearer two parts":     "Bearer a.b",
		"bearer alg none":      "Bearer " + b64(`{"alg":"none"}`) + "." + b64(`{"sub":"x","billing_account":"`+testAccount+`"}`) + ".",
		"bearer not base64url": "Bearer a*b.c*d.e*f",
	}
	for name, h := range malformed {
		t.Run(name, func(t *testing.T) {
			r := e.in(t).do(req{method: "GET", path: "/api/v1/invoices/" + f.inv, auth: h})
			expectRefusal(t, r, http.StatusUnauthorized, "INVALID_CREDENTIALS", f.inv, "secret note")
		})
	}

	// Well formed but never issued: a changed secret, an unknown id.
	unknownSecret := e.do(req{method: "GET", path: "/api/v1/invoices", auth: "Apikey " + otherKey(key)})
	expectRefusal(t, unknownSecret, http.StatusUnauthorized, "INVALID_CREDENTIALS")
	unknownID := e.do(req{method: "GET", path: "/api/v1/invoices", auth: "Apikey bk_" + strings.Repeat("a", 16) + key[19:]})
	expectRefusal(t, unknownID, http.StatusUnauthorized, "INVALID_CREDENTIALS")
	if unknownSecret.Env.GetMessage() != unknownID.Env.GetMessage() {
		t.Errorf("an unknown id and a wrong secret are told apart: %q vs %q", unknownID.Env.GetMessage(), unknownSecret.Env.GetMessage())
	}

	// Revoked: works before, refused at once after, like an unknown key.
	doomed := e.server.createKey(t, testAccount, "all")
	r := e.as(doomed).do(req{method: "GET", path: "/api/v1/invoices/" + f.inv})
	expect(t, r, http.StatusOK, "")
	e.server.revokeKey(t, doomed)
	// The service trusts a key it has read for up to half a second
	// (app::Authenticator::kApiKeyCacheTtl): revocation holds within one.
	time.Sleep(time.Second)
	for _, op := range authOps(f) {
		r := e.as(doomed).do(op.r)
		expectRefusal(t, r, http.StatusUnauthorized, "INVALID_CREDENTIALS", f.customer.Name, "secret note")
		if r.Env.GetMessage() != unknownSecret.Env.GetMessage() {
			t.Errorf("%s %s: revoked key message %q, unknown key %q", r.method, r.path, r.Env.GetMessage(), unknownSecret.Env.GetMessage())
		}
	}
	// Revoking one key leaves the others alone.
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + f.inv})
	expect(t, r, http.StatusOK, "")

	// keys list: ids, accounts, revocation; never a secret.
	out, _ := e.server.keys(t, "list", "--account="+testAccount)
	var revokedLine string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, keyID(t, doomed)) {
			revokedLine = line
		}
	}
	if revokedLine == "" || !strings.Contains(revokedLine, testAccount) || strings.Fields(revokedLine)[3] == "-" {
		t.Errorf("keys list does not show %s revoked:\n%s", keyID(t, doomed), out)
	}
	for _, k := range []string{key, doomed} {
		if strings.Contains(out, k[20:]) {
			t.Errorf("keys list shows a secret:\n%s", out)
		}
	}
}

// TestAuthScopes: each operation needs its one scope. A key with every
// other scope is 403 INSUFFICIENT_SCOPE naming it, before any lookup; a key
// with only that scope succeeds.
func TestAuthScopes(t *testing.T) {
	e := newEnv(t)
	f := newFixture(e)
	ops := authOps(f)

	for _, scope := range allScopes {
		others := slices.DeleteFunc(slices.Clone(allScopes), func(s string) bool { return s == scope })
		without := e.as(e.server.createKey(t, testAccount, strings.Join(others, ",")))
		for _, op := range ops {
			if op.scope != scope {
				continue
			}
			r := without.do(op.r)
			expectRefusal(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE", f.customer.Name, "secret note")
			if !strings.Contains(r.Env.GetMessage(), scope) {
				t.Errorf("%s %s: message %q does not name %s", r.method, r.path, r.Env.GetMessage(), scope)
			}
			for _, o := range others {
				if strings.Contains(r.Env.GetMessage(), o) {
					t.Errorf("%s %s: message %q names %s, which the key has", r.method, r.path, r.Env.GetMessage(), o)
				}
			}
		}
	}
	// Authorization comes before the lookup: a missing id is 403 too.
	custOnly := e.as(e.server.createKey(t, testAccount, "customers:read,customers:write"))
	r := custOnly.do(req{method: "GET", path: "/api/v1/invoices/inv_doesnotexist"})
	expectRefusal(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE")
	r = custOnly.do(req{method: "GET", path: "/api/v1/revenue-calculations/rcalc_doesnotexist"})
	expectRefusal(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE")
	// Nothing the refused calls asked for happened.
	if got := e.getInvoice(f.invDelete); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT {
		t.Fatalf("invoice changed by refused calls: %+v", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers/scoped-put"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")

	// The right scope alone is enough, for every operation.
	only := map[string]*env{}
	for _, scope := range allScopes {
		only[scope] = e.as(e.server.createKey(t, testAccount, scope))
	}
	for _, op := range ops {
		r := only[op.scope].do(op.r)
		expect(t, r, op.status, "")
	}
	if got := e.getInvoice(f.invEdit); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PENDING || got.Notes != "PO 1" || got.Amount != "12.00" {
		t.Errorf("invoice after the scoped calls: %+v", got)
	}
	// Several scopes on one key: each call is held to its own.
	r = e.as(e.server.createKey(t, testAccount, "invoices:read,customers:read")).do(req{method: "GET", path: "/api/v1/customers/" + f.customer.Id + "/invoices"})
	expect(t, r, http.StatusOK, "")
}

// TestAuthTenants: another account's resources are 404 exactly like missing
// ones, for reads and writes; its lists are empty; ids may coincide.
func TestAuthTenants(t *testing.T) {
	e := newEnv(t) // account testAccount
	f := newFixture(e)
	b := e.as(e.server.createKey(t, "acct_other", "all"))

	// The answer for another tenant's resource is the one for a missing
	// resource, with the id in it.
	missingInv := "inv_" + strings.Repeat("z", len(f.inv)-4)
	missingCus := "cus_" + strings.Repeat("z", len(f.customer.Id)-4)
	missingCalc := "rcalc_" + strings.Repeat("z", len(f.calc)-6)
	for _, l := range []struct {
		path, id, missingID, code string
	}{
		{"/api/v1/invoices/%s", f.inv, missingInv, "INVOICE_NOT_FOUND"},
		{"/api/v1/customers/%s", f.customer.Id, missingCus, "CUSTOMER_NOT_FOUND"},
		{"/api/v1/customers/%s/invoices", f.customer.Id, missingCus, "CUSTOMER_NOT_FOUND"},
		{"/api/v1/invoices?customerId=%s", f.customer.Id, missingCus, "CUSTOMER_NOT_FOUND"},
		{"/api/v1/revenue-calculations/%s", f.calc, missingCalc, "REVENUE_CALCULATION_NOT_FOUND"},
	} {
		theirs := b.do(req{method: "GET", path: fmt.Sprintf(l.path, l.id)})
		expectRefusal(t, theirs, http.StatusNotFound, l.code, "secret note", f.customer.Name)
		missing := b.do(req{method: "GET", path: fmt.Sprintf(l.path, l.missingID)})
		expectRefusal(t, missing, http.StatusNotFound, l.code)
		if strings.ReplaceAll(missing.Env.GetMessage(), l.missingID, l.id) != theirs.Env.GetMessage() {
			t.Errorf("%s: another tenant's %q, a missing one's %q", l.path, theirs.Env.GetMessage(), missing.Env.GetMessage())
		}
	}

	// Writes to another tenant's invoice and customer: 404, nothing changes.
	cus, inv := f.customer.Id, f.invEdit
	for _, c := range []struct {
		r    req
		code string
	}{
		{req{method: "PUT", path: "/api/v1/invoices/" + inv, body: `{"customerId":"` + cus + `","amount":"99.00","dueDate":"2099-12-31"}`}, "INVOICE_NOT_FOUND"},
		{req{method: "PATCH", path: "/api/v1/invoices/" + inv, body: `{"notes":"mine now"}`}, "INVOICE_NOT_FOUND"},
		{req{method: "POST", path: "/api/v1/invoices/" + inv + "/process"}, "INVOICE_NOT_FOUND"},
		{req{method: "POST", path: "/api/v1/invoices/" + inv + "/cancel"}, "INVOICE_NOT_FOUND"},
		{req{method: "DELETE", path: "/api/v1/invoices/" + inv}, "INVOICE_NOT_FOUND"},
		{req{method: "PATCH", path: "/api/v1/customers/" + cus, body: `{"name":"Taken"}`}, "CUSTOMER_NOT_FOUND"},
		{req{method: "DELETE", path: "/api/v1/customers/" + cus}, "CUSTOMER_NOT_FOUND"},
		{req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cus + `","amount":"1.00","dueDate":"2099-12-31"}`}, "CUSTOMER_NOT_FOUND"},
	} {
		r := b.do(c.r)
		expectRefusal(t, r, http.StatusNotFound, c.code, "secret note", f.customer.Name)
	}
	if got := e.getInvoice(inv); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT || got.Notes != "secret note" || got.Amount != "10.00" {
		t.Errorf("another tenant changed the invoice: %+v", got)
	}

	// Lists: only one's own, empty for the other tenant.
	for _, path := range []string{"/api/v1/invoices", "/api/v1/customers", "/api/v1/revenue-calculations", "/api/v1/invoices?status=draft"} {
		r := b.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		if rawData(t, r) != "[]" || r.Env.GetTotalItems() != 0 || r.Env.GetTotalPage() != 0 {
			t.Errorf("%s as another tenant: %s", path, r.Body)
		}
		mine := e.do(req{method: "GET", path: path})
		expect(t, mine, http.StatusOK, "")
		if mine.Env.GetTotalItems() == 0 {
			t.Errorf("%s as the owner is empty", path)
		}
	}

	// Ids chosen by two accounts coincide without conflict.
	r := e.do(req{method: "PUT", path: "/api/v1/customers/crm-1", body: `{"name":"Ours","email":"ours@example.com","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusCreated, "")
	r = b.do(req{method: "PUT", path: "/api/v1/customers/crm-1", body: `{"name":"Theirs","email":"theirs@example.com","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusCreated, "")
	r = b.do(req{method: "POST", path: "/api/v1/customers", body: `{"id":"crm-1","name":"Again","email":"again@example.com","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusConflict, "ALREADY_EXISTS")
	for who, want := range map[*env]string{e: "Ours", b: "Theirs"} {
		r := who.do(req{method: "GET", path: "/api/v1/customers/crm-1"})
		expect(t, r, http.StatusOK, "")
		c := &customer{}
		data(t, r, c)
		if c.Name != want {
			t.Errorf("crm-1: %q, want %q", c.Name, want)
		}
	}
	r = b.do(req{method: "DELETE", path: "/api/v1/customers/crm-1"})
	expect(t, r, http.StatusNoContent, "")
	r = e.do(req{method: "GET", path: "/api/v1/customers/crm-1"})
	expect(t, r, http.StatusOK, "")
}

// TestAuthRateLimit: past its burst a credential is 429 RATE_LIMITED with
// Retry-After; other credentials and health are not held back; after the
// wait it is served again.
func TestAuthRateLimit(t *testing.T) {
	e := newEnvWith(t, []string{"--rate_limit_per_second=0.5", "--rate_limit_burst=2"}, nil)
	for i := 1; i <= 2; i++ {
		r := e.do(req{method: "GET", path: "/api/v1/customers"})
		expect(t, r, http.StatusOK, "")
	}
	r := e.do(req{method: "GET", path: "/api/v1/customers"})
	expectRefusal(t, r, http.StatusTooManyRequests, "RATE_LIMITED")
	wait, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || wait < 1 || wait > 10 {
		t.Fatalf("Retry-After %q, want whole seconds ≥ 1 (the limit refills one call in 2 s)", r.Header.Get("Retry-After"))
	}
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Burst","email":"burst@example.com","defaultCurrency":"USD"}`})
	expectRefusal(t, r, http.StatusTooManyRequests, "RATE_LIMITED")

	// Per credential: another key of the same account is served.
	r = e.as(e.server.createKey(t, testAccount, "all")).do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetTotalItems() != 0 {
		t.Errorf("a throttled create went through: %s", r.Body)
	}
	// Health is not rate limited.
	for i := 0; i < 5; i++ {
		expect(t, e.as("").do(req{method: "GET", path: "/readyz"}), http.StatusOK, "")
	}

	time.Sleep(time.Duration(wait) * time.Second)
	r = e.do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusOK, "")
}

// ------------------------------------------------------------ bearer tokens

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// hs256 signs claims as a JWT with secret.
func hs256(t *testing.T, secret string, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	input := b64(`{"alg":"HS256","typ":"JWT"}`) + "." + b64(string(payload))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// TestAuthBearerTokens: OAuth bearer tokens (HS256 with a configured
// secret) act for the account in their claim, with the scopes of their
// scope claim; expired is TOKEN_EXPIRED, anything else wrong is
// INVALID_CREDENTIALS.
func TestAuthBearerTokens(t *testing.T) {
	const (
		secret   = "e2e-shared-secret-0123456789abcdefghijklmnop"
		issuer   = "https://issuer.e2e.example"
		audience = "billing-e2e"
	)
	secretFile := filepath.Join(t.TempDir(), "hs256.secret")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, []string{"--jwt_hs256_secret_file=" + secretFile, "--jwt_issuer=" + issuer, "--jwt_audience=" + audience}, nil)
	c := e.createCustomer("Token Co", "EUR")

	now := time.Now().Unix()
	claims := func(change map[string]any) map[string]any {
		m := map[string]any{"iss": issuer, "aud": audience, "sub": "user-1", "iat": now, "exp": now + 600,
			"billing_account": testAccount, "scope": "customers:read invoices:read"}
		for k, v := range change {
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	bearer := func(change map[string]any) string { return "Bearer " + hs256(t, secret, claims(change)) }

	// A good token acts for its account: it sees the API key's customer.
	r := e.do(req{method: "GET", path: "/api/v1/customers/" + c.Id, auth: bearer(nil)})
	expect(t, r, http.StatusOK, "")
	r = e.do(req{method: "GET", path: "/api/v1/customers", auth: bearer(map[string]any{"aud": []string{"other", audience}})})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetTotalItems() != 1 {
		t.Errorf("token list: %s", r.Body)
	}
	// Its scopes are the scope claim's.
	r = e.do(req{method: "POST", path: "/api/v1/customers", auth: bearer(nil), body: `{"name":"No","email":"no@example.com","defaultCurrency":"USD"}`})
	expectRefusal(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE")
	if !strings.Contains(r.Env.GetMessage(), "customers:write") {
		t.Errorf("message %q", r.Env.GetMessage())
	}
	// Another account's token sees nothing of this one.
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + c.Id, auth: bearer(map[string]any{"billing_account": "acct_jwt_other"})})
	expectRefusal(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND", c.Name)

	// Expired, beyond the leeway.
	r = e.do(req{method: "GET", path: "/api/v1/customers", auth: bearer(map[string]any{"exp": now - 3600, "iat": now - 7200})})
	expectRefusal(t, r, http.StatusUnauthorized, "TOKEN_EXPIRED")

	good := hs256(t, secret, claims(nil))
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + b64(strings.Replace(mustJSON(t, claims(nil)), testAccount, "acct_evil", 1)) + "." + parts[2]
	for name, h := range map[string]string{
		"wrong issuer":   bearer(map[string]any{"iss": "https://evil.example"}),
		"wrong audience": bearer(map[string]any{"aud": "someone-else"}),
		"not yet valid":  bearer(map[string]any{"nbf": now + 3600}),
		"no exp":         bearer(map[string]any{"exp": nil}),
		"no account":     bearer(map[string]any{"billing_account": nil}),
		"wrong secret":   "Bearer " + hs256(t, secret+"x", claims(nil)),
		"tampered":       "Bearer " + tampered,
		"truncated":      "Bearer " + good[:len(good)-5],
		"alg none":       "Bearer " + b64(`{"alg":"none","typ":"JWT"}`) + "." + parts[1] + ".",
	} {
		t.Run(name, func(t *testing.T) {
			r := e.in(t).do(req{method: "GET", path: "/api/v1/customers/" + c.Id, auth: h})
			expectRefusal(t, r, http.StatusUnauthorized, "INVALID_CREDENTIALS", c.Name)
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
