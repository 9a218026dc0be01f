package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Issue 20: a database written by an earlier release migrates forward in
// place and reads back unchanged. tests/storage/upgrade/v<N>/ holds, for
// each backend, what a billing-server of schema version N wrote in one
// session (sqlite.sql, a .dump; postgres.sql, a pg_dump) and every answer it
// then gave (sqlite.answers.json, postgres.answers.json). This test loads
// the dump of the suite's backend into a fresh database, starts today's
// billing-server on it (which applies every later migration), and reads each
// path again: every field the old release answered must come back equal
// (new fields may be added; the ETag too, as a field left at its default is
// not serialized), and each document's bytes must be identical. It then writes: the numbering goes on
// without a gap and an old invoice can be paid off.
//
// upgrade_fixture_test.go (build tag upgradefixture) writes a fixture; see
// tests/storage/upgrade/README.md.

// upgradeAnswers is <backend>.answers.json.
type upgradeAnswers struct {
	SchemaVersion int               `json:"schemaVersion"`
	Commit        string            `json:"commit"`
	Account       string            `json:"account"`
	Key           string            `json:"key"`
	Data          map[string]any    `json:"data"`      // GET path -> the envelope's data
	Documents     map[string]string `json:"documents"` // GET path -> sha256 of the body
	// OpenInvoice is a pending invoice the session left with an amount due.
	OpenInvoice string `json:"openInvoice"`
	// Customer is the customer the next invoice is made for.
	Customer string `json:"customer"`
}

// upgradeFixtureDir is the newest fixture in tests/storage/upgrade.
func upgradeFixtureDir(t *testing.T) string {
	t.Helper()
	dirs, err := filepath.Glob("../../tests/storage/upgrade/v*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixture in tests/storage/upgrade (%v)", err)
	}
	sort.Strings(dirs)
	return dirs[len(dirs)-1]
}

// upgradeSchemaToken stands for the PostgreSQL schema's name in a dump.
const upgradeSchemaToken = "billing_upgrade_fixture"

// upgradeBackend names this suite's backend as the fixture's files do.
func upgradeBackend() string {
	if os.Getenv("BILLING_E2E_POSTGRES_URI") == "" {
		return "sqlite"
	}
	return "postgres"
}

// loadUpgradeDump makes a database holding the fixture's dump for this
// suite's backend and returns its --db value.
func loadUpgradeDump(t *testing.T, dir string) string {
	t.Helper()
	uri := os.Getenv("BILLING_E2E_POSTGRES_URI")
	if uri == "" {
		db := filepath.Join(t.TempDir(), "billing.db")
		dump, err := os.Open(filepath.Join(dir, "sqlite.sql"))
		if err != nil {
			t.Fatal(err)
		}
		defer dump.Close()
		cmd := exec.Command("sqlite3", "-bail", db)
		cmd.Stdin = dump
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sqlite3 < %s/sqlite.sql: %v\n%s", dir, err, out)
		}
		return db
	}
	raw, err := os.ReadFile(filepath.Join(dir, "postgres.sql"))
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("e2e_upgrade_%d_%d", os.Getpid(), time.Now().UnixNano())
	sql := strings.ReplaceAll(string(raw), upgradeSchemaToken, schema)
	cmd := exec.Command("psql", uri, "-q", "-v", "ON_ERROR_STOP=1", "-f", "-")
	cmd.Stdin = strings.NewReader(sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql -f %s/postgres.sql: %v\n%s", dir, err, out)
	}
	return withSearchPath(uri, schema)
}

func TestUpgradeInPlaceReadsEveryRowBack(t *testing.T) {
	dir := upgradeFixtureDir(t)
	answers := filepath.Join(dir, upgradeBackend()+".answers.json")
	raw, err := os.ReadFile(answers)
	if err != nil {
		t.Fatal(err)
	}
	var old upgradeAnswers
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatalf("%s: %v", answers, err)
	}
	if len(old.Data) < 20 || len(old.Documents) < 2 {
		t.Fatalf("%s holds %d answers and %d documents: too few to prove anything", answers, len(old.Data), len(old.Documents))
	}
	db := loadUpgradeDump(t, dir)
	e := newEnvOn(t, db, old.Key)

	for _, path := range sortedKeys(old.Data) {
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		var now map[string]any
		if err := json.Unmarshal(r.Body, &now); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		for _, diff := range keptIn(old.Data[path], now["data"], "data") {
			t.Errorf("GET %s after the upgrade from schema %d: %s", path, old.SchemaVersion, diff)
		}
	}
	for _, path := range sortedKeys(old.Documents) {
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		if sum := sha256.Sum256(r.Body); hex.EncodeToString(sum[:]) != old.Documents[path] {
			t.Errorf("GET %s: the issued document changed in the upgrade from schema %d", path, old.SchemaVersion)
		}
	}

	// Writes go on where the old release stopped.
	lastNumber := ""
	for path, v := range old.Data {
		id, isInvoice := strings.CutPrefix(path, "/api/v1/invoices/")
		if inv, ok := v.(map[string]any); ok && isInvoice && !strings.ContainsAny(id, "/?") {
			if n, _ := inv["number"].(string); n > lastNumber {
				lastNumber = n
			}
		}
	}
	next := e.createInvoice(`{"customerId":"` + old.Customer + `","dueDate":"2099-12-31","lineItems":[{"description":"After the upgrade","quantity":1,"unitAmount":"5.00"}]}`)
	expect(t, e.invoiceAction(next.Id, "process"), http.StatusOK, "")
	if got, want := e.getInvoice(next.Id).Number, nextNumber(t, lastNumber); got != want {
		t.Errorf("the first invoice processed after the upgrade is %s; the old release's last was %s, so want %s", got, lastNumber, want)
	}
	open := e.getInvoice(old.OpenInvoice)
	r := e.do(req{method: "POST", path: "/api/v1/invoices/" + open.Id + "/payments", body: `{"amount":"` + open.AmountDue + `","method":"bank_transfer"}`})
	expect(t, r, http.StatusCreated, "")
	if paid := e.getInvoice(open.Id); paid.AmountDue != "0.00" || paid.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PAID {
		t.Errorf("an old invoice paid off after the upgrade: status %s, amount due %s", paid.Status, paid.AmountDue)
	}
}

// nextNumber is the number after INV-000041: INV-000042.
func nextNumber(t *testing.T, number string) string {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(number, "INV-%d", &n); err != nil {
		t.Fatalf("no invoice number in the fixture's answers (last %q)", number)
	}
	return fmt.Sprintf("INV-%06d", n+1)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keptIn lists where now lost or changed something of old: objects may gain
// fields, everything else must be equal.
func keptIn(old, now any, at string) []string {
	switch o := old.(type) {
	case map[string]any:
		n, ok := now.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: was an object, now %s", at, compact(now))}
		}
		var diffs []string
		for _, k := range sortedKeys(o) {
			v, present := n[k]
			if !present {
				diffs = append(diffs, fmt.Sprintf("%s.%s (%s) is gone", at, k, compact(o[k])))
				continue
			}
			diffs = append(diffs, keptIn(o[k], v, at+"."+k)...)
		}
		return diffs
	case []any:
		n, ok := now.([]any)
		if !ok || len(n) != len(o) {
			return []string{fmt.Sprintf("%s: was %s, now %s", at, compact(old), compact(now))}
		}
		var diffs []string
		for i := range o {
			diffs = append(diffs, keptIn(o[i], n[i], fmt.Sprintf("%s[%d]", at, i))...)
		}
		return diffs
	default:
		if !reflect.DeepEqual(old, now) {
			return []string{fmt.Sprintf("%s: was %s, now %s", at, compact(old), compact(now))}
		}
		return nil
	}
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(bytes.TrimSpace(b))
}
