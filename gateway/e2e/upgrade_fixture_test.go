//go:build upgradefixture

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteUpgradeFixture writes the fixture TestUpgradeInPlaceReadsEveryRowBack
// reads: built only with -tags upgradefixture, run against a billing-server
// of the release to preserve (tests/storage/upgrade/README.md).
func TestWriteUpgradeFixture(t *testing.T) {
	out := os.Getenv("BILLING_UPGRADE_FIXTURE_DIR")
	if out == "" {
		t.Fatal("set BILLING_UPGRADE_FIXTURE_DIR to the fixture's folder")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	uri := os.Getenv("BILLING_E2E_POSTGRES_URI")
	db, schema := filepath.Join(t.TempDir(), "billing.db"), ""
	if uri != "" {
		schema = fmt.Sprintf("e2e_fixture_%d", time.Now().UnixNano())
		if b, err := exec.Command("psql", uri, "-qc", "CREATE SCHEMA "+schema).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		db = withSearchPath(uri, schema)
	}
	server := startServerOn(t, freeAddr(t), db)
	e := startEnv(t, server, nil)
	e.key = server.createKey(t, testAccount, "all")

	answers := upgradeSession(e)
	answers.Commit = os.Getenv("BILLING_UPGRADE_FIXTURE_COMMIT")
	if err := server.stop(t, 10*time.Second); err != nil {
		t.Fatalf("billing-server did not stop cleanly: %v", err)
	}

	var dump []byte
	var err error
	if uri == "" {
		dump, err = exec.Command("sqlite3", db, ".dump").Output()
		if err == nil {
			answers.SchemaVersion, err = schemaVersion(exec.Command("sqlite3", db, "SELECT max(version) FROM schema_migrations"))
		}
	} else {
		dump, err = exec.Command("pg_dump", "--no-owner", "--no-privileges", "--schema="+schema, uri).Output()
		dump = []byte(strings.ReplaceAll(string(dump), schema, upgradeSchemaToken))
		if err == nil {
			answers.SchemaVersion, err = schemaVersion(exec.Command("psql", withSearchPath(uri, schema), "-Atc", "SELECT max(version) FROM schema_migrations"))
		}
	}
	if err != nil {
		t.Fatalf("dumping the database: %v", err)
	}
	backend := upgradeBackend()
	if err := os.WriteFile(filepath.Join(out, backend+".sql"), dump, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(answers, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, backend+".answers.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("schema %d: %d answers, %d documents in %s", answers.SchemaVersion, len(answers.Data), len(answers.Documents), out)
}

func schemaVersion(cmd *exec.Cmd) (int, error) {
	b, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	var v int
	_, err = fmt.Sscan(string(b), &v)
	return v, err
}

// upgradeSession writes one of everything the release keeps, then reads
// every resource and list back.
func upgradeSession(e *env) *upgradeAnswers {
	t := e.t
	t.Helper()
	post := func(path, body string, status int) map[string]any {
		t.Helper()
		r := e.do(req{method: "POST", path: path, body: body})
		expect(t, r, status, "")
		var got struct{ Data map[string]any }
		if err := json.Unmarshal(r.Body, &got); err != nil {
			t.Fatal(err)
		}
		return got.Data
	}
	id := func(m map[string]any) string { return m["id"].(string) }

	expect(t, e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting",
		"address":{"line1":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"DE"},"taxId":"DE811907980","companyId":"HRB 12345",
		"email":"billing@zm.example","paymentInstructions":{"iban":"DE89370400440532013000","bic":"COBADEFFXXX","bankName":"Commerzbank"},
		"defaultPaymentTermsDays":14,"electronicAddress":{"scheme":"9930","value":"DE811907980"}}`}), http.StatusOK, "")

	acme := post("/api/v1/customers", `{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","legalName":"Acme B.V.",
		"billingAddress":{"line1":"Damrak 1","city":"Amsterdam","postalCode":"1012 LG","country":"NL"},
		"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}`, http.StatusCreated)
	globex := post("/api/v1/customers", `{"name":"Globex","email":"ap@globex.example","defaultCurrency":"USD"}`, http.StatusCreated)
	gone := post("/api/v1/customers", `{"name":"Initech","email":"ap@initech.example","defaultCurrency":"EUR"}`, http.StatusCreated)
	expect(t, e.do(req{method: "DELETE", path: "/api/v1/customers/" + id(gone)}), http.StatusNoContent, "")

	vat := post("/api/v1/tax-rates", `{"displayName":"VAT","percentage":"19","country":"DE","category":"s"}`, http.StatusCreated)
	reduced := post("/api/v1/tax-rates", `{"displayName":"VAT reduced","percentage":"7","country":"DE","category":"s","inclusive":true}`, http.StatusCreated)
	post("/api/v1/tax-rates", `{"displayName":"Reverse charge","percentage":"0","category":"ae","exemptionReasonCode":"VATEX-EU-AE"}`, http.StatusCreated)

	invoice := func(customer, body string) string {
		return id(post("/api/v1/invoices", `{"customerId":"`+customer+`",`+body, http.StatusCreated))
	}
	taxed := invoice(id(acme), `"dueDate":"2099-01-31","lineItems":[
		{"description":"Consulting","quantityDecimal":"7.5","unitAmount":"80.00","discountAmount":"100.00","taxRateId":"`+id(vat)+`"},
		{"description":"Travel","quantity":2,"unitAmount":"0.07","taxRateId":"`+id(vat)+`"}]}`)
	inclusive := invoice(id(acme), `"defaultTaxRateId":"`+id(reduced)+`","lineItems":[{"description":"Books","quantity":3,"unitAmount":"10.70"}]}`)
	paidOff := invoice(id(globex), `"dueDate":"2099-02-28","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00"}]}`)
	cancelled := invoice(id(globex), `"dueDate":"2099-02-28","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99"}]}`)
	invoice(id(globex), `"lineItems":[{"description":"Still a draft","quantity":4,"unitAmount":"1.25"}]}`)
	for _, inv := range []string{taxed, inclusive, paidOff, cancelled} {
		expect(t, e.invoiceAction(inv, "process"), http.StatusOK, "")
	}
	expect(t, e.invoiceAction(cancelled, "cancel"), http.StatusOK, "")
	post("/api/v1/invoices/"+taxed+"/payments", `{"amount":"100.00","method":"card"}`, http.StatusCreated)
	post("/api/v1/invoices/"+taxed+"/credit-notes", `{"amount":"59.50","reason":"other"}`, http.StatusCreated)
	post("/api/v1/invoices/"+paidOff+"/payments", `{"amount":"250.00","method":"bank_transfer"}`, http.StatusCreated)
	endpoint := post("/api/v1/webhook-endpoints", `{"url":"https://hooks.example/billing","eventTypes":["invoice.paid"],"description":"ERP"}`, http.StatusCreated)
	calc := post("/api/v1/revenue-calculations", `{"periodStart":"2026-01-01","periodEnd":"2035-12-31"}`, http.StatusAccepted)

	a := &upgradeAnswers{Account: testAccount, Key: e.key, Data: map[string]any{}, Documents: map[string]string{},
		OpenInvoice: taxed, Customer: id(acme)}
	get := func(path string) map[string]any {
		t.Helper()
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		var got struct{ Data any }
		if err := json.Unmarshal(r.Body, &got); err != nil {
			t.Fatal(err)
		}
		a.Data[path] = got.Data
		m, _ := got.Data.(map[string]any)
		return m
	}
	// The calculation runs in the background: read it once it has ended.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if s := get("/api/v1/revenue-calculations/" + id(calc))["status"]; s == "succeeded" || s == "SUCCEEDED" || time.Now().After(deadline) {
			break
		}
	}
	get("/api/v1/organization")
	for _, list := range []string{"customers", "payments", "credit-notes", "tax-rates", "events", "webhook-endpoints", "revenue-calculations"} {
		get("/api/v1/" + list + "?pageSize=100")
	}
	for _, c := range []string{id(acme), id(globex)} {
		get("/api/v1/customers/" + c)
		get("/api/v1/customers/" + c + "/invoices?pageSize=100")
		get("/api/v1/customers/" + c + "/ledger-entries?pageSize=100")
	}
	get("/api/v1/invoices?pageSize=100")
	for _, inv := range a.Data["/api/v1/invoices?pageSize=100"].([]any) {
		i := id(inv.(map[string]any))
		get("/api/v1/invoices/" + i)
		get("/api/v1/invoices/" + i + "/payments?pageSize=100")
		get("/api/v1/invoices/" + i + "/credit-notes?pageSize=100")
	}
	get("/api/v1/webhook-endpoints/" + id(endpoint))
	for _, path := range []string{"/api/v1/invoices/" + taxed + "/pdf", "/api/v1/invoices/" + taxed + "/e-invoice", "/api/v1/invoices/" + paidOff + "/pdf"} {
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		sum := sha256.Sum256(r.Body)
		a.Documents[path] = hex.EncodeToString(sum[:])
	}
	return a
}
