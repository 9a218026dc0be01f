package adversarial

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Two billing-server replicas on one PostgreSQL database, each behind its
// own billing-gateway, act as one service: actions sent to both at once
// happen once, every acknowledged write is there through either, API keys
// made anywhere work everywhere, and each revenue calculation runs once.
// Needs BILLING_TEST_POSTGRES_URI (scripts/with-postgres.sh): fails without.

// pgDatabase is a fresh schema in the test cluster, as a --db URI.
type pgDatabase struct {
	t   *testing.T
	uri string
}

func freshPostgres(t *testing.T) *pgDatabase {
	t.Helper()
	base := os.Getenv("BILLING_TEST_POSTGRES_URI")
	if base == "" {
		t.Fatal("BILLING_TEST_POSTGRES_URI is not set: run through scripts/with-postgres.sh")
	}
	schema := fmt.Sprintf("replicas_%d_%d", os.Getpid(), time.Now().UnixNano())
	db := &pgDatabase{t: t, uri: base}
	db.query("CREATE SCHEMA " + schema)
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	db.uri = base + sep + "options=-csearch_path%3D" + schema
	return db
}

// query runs SQL with psql and returns its rows, columns split on '|'.
func (d *pgDatabase) query(sql string) [][]string {
	d.t.Helper()
	out, err := exec.Command("psql", d.uri, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql).CombinedOutput()
	if err != nil {
		d.t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if line != "" {
			rows = append(rows, strings.Split(line, "|"))
		}
	}
	return rows
}

// countCalculationRuns installs the witness of how often a worker finished a
// calculation: every run ends in one UPDATE of its row to its outcome (after
// the one that claimed it, running), so a trigger that logs committed
// updates counts runs. A second run would overwrite the results unseen; it
// cannot hide from this.
func (d *pgDatabase) countCalculationRuns() {
	d.query(`CREATE TABLE test_calculation_updates (id text NOT NULL, status text NOT NULL);
CREATE FUNCTION test_log_calculation_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO test_calculation_updates VALUES (NEW.id, NEW.status); RETURN NEW; END $$;
CREATE TRIGGER test_log_calculation_update AFTER UPDATE ON revenue_calculations
  FOR EACH ROW EXECUTE FUNCTION test_log_calculation_update();`)
}

// call is one REST request.
type call struct {
	method, path string
	body         any
}

// both sends a to x and b to y at the same moment and returns both replies.
func both(x *stack, a call, y *stack, b call) (reply, reply, error) {
	var ra, rb reply
	var ea, eb error
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); <-start; ra, ea = x.try(a.method, a.path, a.body) }()
	go func() { defer wg.Done(); <-start; rb, eb = y.try(b.method, b.path, b.body) }()
	close(start)
	wg.Wait()
	if ea != nil {
		return ra, rb, ea
	}
	return ra, rb, eb
}

func (r reply) data() map[string]any {
	d, _ := r.body["data"].(map[string]any)
	return d
}

func (r reply) str(field string) string {
	s, _ := r.data()[field].(string)
	return s
}

// expected is what one invoice must look like afterwards.
type expected struct {
	id      string
	created *stack // the replica it was created on
	status  string // "" for deleted
	ledger  []string
	outbox  int
	minor   int64
}

var keyIDRE = regexp.MustCompile(`^bk_([A-Za-z0-9]{16})_`)

func TestReplicasBehaveAsOneServiceThroughTheirGateways(t *testing.T) {
	db := freshPostgres(t)
	// Both started before either is waited for, so they migrate the empty
	// schema together. Each runs two revenue workers: four claimants on one
	// queue. Each gets its own key (made by `keys create`) and gateway.
	a, b := &stack{t: t, db: db.uri}, &stack{t: t, db: db.uri}
	replicas := []*stack{a, b}
	for _, s := range replicas {
		s.launchServer("--revenue_workers=2")
	}
	for _, s := range replicas {
		s.awaitListening()
	}
	for _, s := range replicas {
		out, err := exec.Command(binary(t, "BILLING_SERVER_BIN"), "keys", "create", "--db="+db.uri,
			"--account=acct_adv", "--scopes=all").Output()
		if err != nil {
			t.Fatalf("keys create: %v", err)
		}
		s.key = strings.TrimSpace(string(out))
		s.startGateway()
	}
	a.seedOrganization()
	db.countCalculationRuns()

	const workers, rounds = 12, 12
	var (
		mu       sync.Mutex
		invoices []*expected
		customer = map[string]*stack{} // id → replica it was created on
		// deleted on one replica after their invoice was
		deletedCustomers []string
	)
	fail := func(format string, args ...any) { t.Errorf(format, args...) }

	// Revenue calculations queued through both gateways while the invoices
	// change under them.
	stopCalcs := make(chan struct{})
	calcsDone := make(chan []string)
	go func() {
		var ids []string
		// At most 30: far from the account's queue limit (100) however
		// slowly the workers go.
		for i := 0; ; i++ {
			if i == 30 {
				<-stopCalcs
				calcsDone <- ids
				return
			}
			select {
			case <-stopCalcs:
				calcsDone <- ids
				return
			case <-time.After(15 * time.Millisecond):
			}
			r, err := replicas[i%2].try("POST", "/api/v1/revenue-calculations",
				map[string]any{"periodStart": "2026-01-01", "periodEnd": "2026-12-31"})
			if err != nil || r.status != 202 {
				fail("create calculation: %v %d %s", err, r.status, short(r.raw))
				continue
			}
			ids = append(ids, r.id())
		}
	}()

	// API keys made by concurrent `keys create` runs meanwhile.
	keysDone := make(chan []string)
	go func() {
		var (
			kmu  sync.Mutex
			keys []string
			kwg  sync.WaitGroup
		)
		for i := 0; i < 6; i++ {
			kwg.Add(1)
			go func() {
				defer kwg.Done()
				out, err := exec.Command(binary(t, "BILLING_SERVER_BIN"), "keys", "create", "--db="+db.uri,
					"--account=acct_adv", "--scopes=all").Output()
				if err != nil {
					fail("keys create: %v", err)
					return
				}
				kmu.Lock()
				keys = append(keys, strings.TrimSpace(string(out)))
				kmu.Unlock()
			}()
		}
		kwg.Wait()
		keysDone <- keys
	}()

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < rounds; round++ {
				n := w*rounds + round
				x, y := replicas[n%2], replicas[(n+1)%2]
				// The customer on one replica, its invoice on the other.
				r, err := x.try("POST", "/api/v1/customers", map[string]any{
					"name": fmt.Sprintf("Replica Customer %d", n), "email": "ap@example.com", "defaultCurrency": "USD"})
				if err != nil || r.status != 201 {
					fail("create customer: %v %d %s", err, r.status, short(r.raw))
					return
				}
				cus := r.id()
				minor := int64(1000 + 37*n)
				r, err = y.try("POST", "/api/v1/invoices", map[string]any{
					"customerId": cus, "dueDate": "2099-12-31",
					"lineItems": []any{map[string]any{"description": "Service", "quantity": 1,
						"unitAmount":         fmt.Sprintf("%d.%02d", minor/100, minor%100),
						"servicePeriodStart": "2026-01-01", "servicePeriodEnd": "2026-01-31"}}})
				if err != nil || r.status != 201 {
					fail("create invoice: %v %d %s", err, r.status, short(r.raw))
					return
				}
				inv := &expected{id: r.id(), created: y, minor: minor}
				gone := false // the customer deleted
				path := "/api/v1/invoices/" + inv.id
				amount := strconv.FormatInt(minor, 10)
				processed := "invoice_processed:" + amount
				process := call{"POST", path + "/process", nil}
				cancel := call{"POST", path + "/cancel", nil}
				pay := call{"PATCH", path, map[string]any{"status": "paid"}}
				// one winner: of the same action sent to both replicas
				// at once, exactly one is done; the other is refused with
				// the code a caller acting second gets.
				oneWinner := func(c call, okStatus, loserStatus int, loserCode string) {
					ra, rb, err := both(x, c, y, c)
					if err != nil {
						fail("%s %s: %v", c.method, c.path, err)
						return
					}
					wins := 0
					for _, rr := range []reply{ra, rb} {
						switch {
						case rr.status == okStatus:
							wins++
						case rr.status != loserStatus || rr.code() != loserCode:
							fail("%s %s: %d %s, want %d or %d %s", c.method, c.path, rr.status, short(rr.raw), okStatus, loserStatus, loserCode)
						}
					}
					if wins != 1 {
						fail("%s %s sent to both replicas at once: %d succeeded, want exactly 1", c.method, c.path, wins)
					}
				}
				mustDo := func(s *stack, c call) {
					if rr, err := s.try(c.method, c.path, c.body); err != nil || rr.status != 200 {
						fail("%s %s: %v %d %s", c.method, c.path, err, rr.status, short(rr.raw))
					}
				}
				switch n % 6 {
				case 0:
					oneWinner(process, 200, 409, "INVALID_STATE_TRANSITION")
					inv.status, inv.ledger, inv.outbox = "pending", []string{processed}, 1
				case 1:
					oneWinner(cancel, 200, 409, "INVALID_STATE_TRANSITION")
					inv.status = "cancelled"
				case 2:
					mustDo(x, process)
					oneWinner(pay, 200, 409, "INVALID_STATE_TRANSITION")
					inv.status, inv.ledger, inv.outbox = "paid", []string{processed, "payment_received:-" + amount}, 1
				case 3:
					mustDo(y, process)
					oneWinner(cancel, 200, 409, "INVALID_STATE_TRANSITION")
					inv.status, inv.ledger, inv.outbox = "cancelled", []string{processed, "invoice_cancelled:-" + amount}, 1
				case 4:
					oneWinner(call{"DELETE", path, nil}, 204, 404, "INVOICE_NOT_FOUND")
					// The customer, invoiceless again, deleted on one replica
					// while the other makes it a new invoice: one of the two,
					// never a deleted customer with an invoice.
					rd, rc, err := both(x, call{"DELETE", "/api/v1/customers/" + cus, nil},
						y, call{"POST", "/api/v1/invoices", map[string]any{"customerId": cus, "dueDate": "2099-12-31", "amount": "5.00"}})
					switch {
					case err != nil:
						fail("delete customer vs create invoice: %v", err)
					case rd.status == 204 && rc.status == 404 && rc.code() == "CUSTOMER_NOT_FOUND":
						gone = true
					case rd.status == 409 && rd.code() == "CUSTOMER_HAS_INVOICES" && rc.status == 201:
						mu.Lock()
						invoices = append(invoices, &expected{id: rc.id(), created: y, status: "draft"})
						mu.Unlock()
					default:
						fail("delete customer %s: %d %s; invoice for it meanwhile: %d %s", cus, rd.status, short(rd.raw), rc.status, short(rc.raw))
					}
				case 5:
					// Process on one, cancel on the other: cancel always
					// wins in the end; processing counts only if it came
					// first, and then its receivable is reversed.
					rp, rc, err := both(x, process, y, cancel)
					if err != nil {
						fail("process vs cancel: %v", err)
						break
					}
					if rc.status != 200 {
						fail("cancel racing process: %d %s", rc.status, short(rc.raw))
					}
					inv.status = "cancelled"
					switch {
					case rp.status == 200:
						inv.ledger, inv.outbox = []string{processed, "invoice_cancelled:-" + amount}, 1
					case rp.status != 409 || rp.code() != "INVALID_STATE_TRANSITION":
						fail("process racing cancel: %d %s", rp.status, short(rp.raw))
					}
				}
				mu.Lock()
				if gone {
					deletedCustomers = append(deletedCustomers, cus)
				} else {
					customer[cus] = x
				}
				invoices = append(invoices, inv)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(stopCalcs)
	during := <-calcsDone
	keys := <-keysDone
	if t.Failed() {
		t.FailNow()
	}

	// Every acknowledged write, read through the replica that did NOT make it.
	other := func(s *stack) *stack {
		if s == a {
			return b
		}
		return a
	}
	for id, s := range customer {
		if r := other(s).do("GET", "/api/v1/customers/"+id, nil); r.status != 200 {
			t.Errorf("customer %s acknowledged by one replica, %d from the other", id, r.status)
		}
	}
	for _, id := range deletedCustomers {
		for _, s := range replicas {
			if r := s.do("GET", "/api/v1/customers/"+id, nil); r.status != 404 || r.code() != "CUSTOMER_NOT_FOUND" {
				t.Errorf("deleted customer %s: %d %s", id, r.status, short(r.raw))
			}
		}
	}
	byID := map[string]*expected{}
	var wantRecognized int64
	live := 0
	for _, inv := range invoices {
		byID[inv.id] = inv
		r := other(inv.created).do("GET", "/api/v1/invoices/"+inv.id, nil)
		switch {
		case inv.status == "" && (r.status != 404 || r.code() != "INVOICE_NOT_FOUND"):
			t.Errorf("deleted invoice %s: %d %s", inv.id, r.status, short(r.raw))
		case inv.status != "" && (r.status != 200 || r.str("status") != inv.status):
			t.Errorf("invoice %s: %d %s, want status %s", inv.id, r.status, short(r.raw), inv.status)
		}
		if inv.status != "" {
			live++
		}
		// Every invoice ever processed: a cancellation keeps what was
		// recognized before it, and all of January was (issue 12).
		if len(inv.ledger) > 0 {
			wantRecognized += inv.minor
		}
	}
	for _, s := range replicas {
		if n := s.do("GET", "/api/v1/customers?pageSize=1", nil).totalItems(); n != len(customer) {
			t.Errorf("%d customers listed, %d acknowledged", n, len(customer))
		}
		if n := s.do("GET", "/api/v1/invoices?pageSize=1", nil).totalItems(); n != live {
			t.Errorf("%d invoices listed, %d acknowledged and not deleted", n, live)
		}
	}

	// No action done twice: each invoice has exactly the ledger entries and
	// notifications of the transitions that were acknowledged, no more.
	ledger := map[string][]string{}
	for _, row := range db.query("SELECT invoice_id, kind, amount_minor FROM ledger_entries ORDER BY invoice_id, seq") {
		ledger[row[0]] = append(ledger[row[0]], row[1]+":"+row[2])
	}
	outbox := map[string]int{}
	for _, row := range db.query("SELECT payload::json->>'invoiceId' FROM outbox_messages WHERE topic = 'invoice.send'") {
		outbox[row[0]]++
	}
	for id := range ledger {
		if byID[id] == nil {
			t.Errorf("ledger entries for an invoice nobody made: %s", id)
		}
	}
	for _, inv := range invoices {
		if got := strings.Join(ledger[inv.id], " "); got != strings.Join(inv.ledger, " ") {
			t.Errorf("invoice %s (%s): ledger [%s], want [%s]", inv.id, inv.status, got, strings.Join(inv.ledger, " "))
		}
		if outbox[inv.id] != inv.outbox {
			t.Errorf("invoice %s (%s): %d notifications queued, want %d", inv.id, inv.status, outbox[inv.id], inv.outbox)
		}
	}

	// Invoice numbers: processing spread over both replicas numbered the
	// account's invoices INV-000001, INV-000002, … with no duplicate and no
	// gap; exactly the invoices ever processed have one, and a refused
	// process took none.
	numbered := map[string]string{}
	for _, inv := range invoices {
		if inv.status == "" {
			continue
		}
		r := other(inv.created).do("GET", "/api/v1/invoices/"+inv.id, nil)
		num := r.str("number")
		if wasProcessed := len(inv.ledger) > 0; wasProcessed != (num != "") {
			t.Errorf("invoice %s (%s, processed %v): number %q", inv.id, inv.status, wasProcessed, num)
		}
		if num == "" {
			continue
		}
		if prev, dup := numbered[num]; dup {
			t.Errorf("number %s given to %s and %s", num, prev, inv.id)
		}
		numbered[num] = inv.id
	}
	for i := 1; i <= len(numbered); i++ {
		if _, ok := numbered[fmt.Sprintf("INV-%06d", i)]; !ok {
			t.Errorf("INV-%06d is missing of %d numbers given", i, len(numbered))
		}
	}

	// Revenue: four more calculations on the settled data; every one,
	// queued through either replica, succeeds when read through the other.
	var final []string
	for i := 0; i < 4; i++ {
		r := replicas[i%2].do("POST", "/api/v1/revenue-calculations",
			map[string]any{"periodStart": "2026-01-01", "periodEnd": "2026-12-31"})
		if r.status != 202 {
			t.Fatalf("create calculation: %d %s", r.status, short(r.raw))
		}
		final = append(final, r.id())
	}
	all := append(append([]string{}, during...), final...)
	deadline := time.Now().Add(30 * time.Second)
	for i, id := range all {
		for {
			r := replicas[(i+1)%2].do("GET", "/api/v1/revenue-calculations/"+id, nil)
			st := r.str("status")
			if st == "succeeded" {
				break
			}
			if st != "queued" && st != "running" || time.Now().After(deadline) {
				t.Fatalf("calculation %s: %s", id, short(r.raw))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// Those made on the settled data recognize exactly the invoices ever
	// processed (each invoice's service is all in January, long before any
	// cancellation).
	want := fmt.Sprintf("%d.%02d", wantRecognized/100, wantRecognized%100)
	for _, id := range final {
		r := a.do("GET", "/api/v1/revenue-calculations/"+id, nil)
		res, _ := r.data()["results"].([]any)
		var first map[string]any
		if len(res) == 1 {
			first, _ = res[0].(map[string]any)
		}
		if first == nil || first["currency"] != "USD" || first["recognizedAmount"] != want {
			t.Errorf("calculation %s: results %v, want USD %s recognized", id, res, want)
		}
	}
	// Each calculation was run once: one committed update of its row to an
	// outcome (claims, to running, and claims given back are not runs).
	runs := map[string][]string{}
	for _, row := range db.query("SELECT id, status FROM test_calculation_updates WHERE status IN ('succeeded', 'failed')") {
		runs[row[0]] = append(runs[row[0]], row[1])
	}
	for _, id := range all {
		if got := runs[id]; len(got) != 1 || got[0] != "succeeded" {
			t.Errorf("calculation %s was finished %d times %v, want once", id, len(got), got)
		}
	}
	if len(runs) != len(all) {
		t.Errorf("%d calculations finished, %d queued", len(runs), len(all))
	}

	// API keys: the two made at start and those made concurrently are all
	// different, each works through both gateways, and one revoked is
	// refused by both at once.
	keys = append(keys, a.key, b.key)
	ids := map[string]bool{}
	for _, k := range keys {
		m := keyIDRE.FindStringSubmatch(k)
		if m == nil {
			t.Fatalf("keys create printed %q", k)
		}
		if ids[m[1]] {
			t.Errorf("key id %s made twice", m[1])
		}
		ids[m[1]] = true
		for _, s := range replicas {
			c := *s
			c.key = k
			if r := c.do("GET", "/api/v1/customers?pageSize=1", nil); r.status != 200 || r.totalItems() != len(customer) {
				t.Errorf("key %s… through %s: %d %s", m[1], s.base, r.status, short(r.raw))
			}
		}
	}
	listed, err := exec.Command(binary(t, "BILLING_SERVER_BIN"), "keys", "list", "--db="+db.uri).Output()
	if err != nil {
		t.Fatalf("keys list: %v", err)
	}
	var missing []string
	for id := range ids {
		if !strings.Contains(string(listed), id) {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys list lacks %v:\n%s", missing, listed)
	}
	revoked := keys[0]
	if out, err := exec.Command(binary(t, "BILLING_SERVER_BIN"), "keys", "revoke", "--db="+db.uri,
		keyIDRE.FindStringSubmatch(revoked)[1]).CombinedOutput(); err != nil {
		t.Fatalf("keys revoke: %v\n%s", err, out)
	}
	// Each replica re-reads a key it has cached within a second.
	time.Sleep(1100 * time.Millisecond)
	for _, s := range replicas {
		c := *s
		c.key = revoked
		if r := c.do("GET", "/api/v1/customers", nil); r.status != 401 {
			t.Errorf("a revoked key through %s: %d %s, want 401", s.base, r.status, short(r.raw))
		}
	}
	t.Logf("two replicas: %d customers (%d more deleted racing a new invoice), %d invoices, %d revenue calculations, %d API keys",
		len(customer), len(deletedCustomers), len(invoices), len(all), len(keys))
}
