package adversarial

// Issue 18 items 1-3 through the real binaries and a real SMTP server
// (tests/receivers/smtp_server.py, aiosmtpd, from the venv ctest's
// delivery_test_venv fixture makes; BILLING_TEST_PYTHON and
// BILLING_RECEIVERS_DIR name it): a seeded random sequence of create,
// process, pay, credit, cancel, send and PATCH, each with an
// Idempotency-Key, some first sent with a stale If-Match. Every answer is
// checked against a model of the invoices; afterwards every invoice's
// amountDue agrees with its ledger entries, every email received was for
// an issued invoice, and no key was dead (a 412 is never replayed: the
// retry with the current ETag runs). ADVERSARIAL_SEED=<n> replays a run.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// smtpReceiver is tests/receivers/smtp_server.py saving each message in dir.
type smtpReceiver struct {
	port int
	dir  string
}

func startSMTPReceiver(t *testing.T) *smtpReceiver {
	t.Helper()
	python, receivers := os.Getenv("BILLING_TEST_PYTHON"), os.Getenv("BILLING_RECEIVERS_DIR")
	if python == "" || receivers == "" {
		t.Fatalf("BILLING_TEST_PYTHON and BILLING_RECEIVERS_DIR must name the test venv's python and tests/receivers (ctest sets them)")
	}
	r := &smtpReceiver{dir: filepath.Join(t.TempDir(), "mail")}
	cmd := exec.Command(python, filepath.Join(receivers, "smtp_server.py"), "--out", r.dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the SMTP receiver: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		if _, err := fmt.Sscanf(l, "LISTENING %d", &r.port); err != nil {
			t.Fatalf("the SMTP receiver said %q", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the SMTP receiver did not start within 20 s")
	}
	return r
}

// mail is one saved message: the invoice and attempt of its Message-ID
// (<invoice.ID.N@domain>) and when it was saved.
type mail struct {
	invoice string
	attempt int
	saved   time.Time
	subject string
}

func (r *smtpReceiver) messages(t *testing.T) []mail {
	t.Helper()
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []mail
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue // a message still being written
		}
		dir := filepath.Join(r.dir, e.Name())
		id, _ := os.ReadFile(filepath.Join(dir, "message_id"))
		subject, _ := os.ReadFile(filepath.Join(dir, "subject"))
		info, err := os.Stat(filepath.Join(dir, "raw.eml"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(id), "<credit_note.") {
			continue // a credit note's own email (issue 23), not an invoice's
		}
		m := mail{saved: info.ModTime(), subject: string(subject)}
		inner := strings.TrimSuffix(strings.TrimPrefix(string(id), "<invoice."), ">")
		inner, _, _ = strings.Cut(inner, "@")
		dot := strings.LastIndexByte(inner, '.')
		if dot < 0 {
			t.Fatalf("message %s: Message-ID %q", e.Name(), id)
		}
		m.invoice = inner[:dot]
		m.attempt, _ = strconv.Atoi(inner[dot+1:])
		out = append(out, m)
	}
	return out
}

// modelInvoice is what an invoice must be after the answers so far (cents).
type modelInvoice struct {
	id, customer                    string
	status                          string // draft, pending, paid, cancelled
	amount, paid, credited          int64
	processed                       bool      // ever issued
	cancelledAt                     time.Time // when the cancel was answered
	mailsAtCancel, attemptsAtCancel int
}

func (m *modelInvoice) due() int64 {
	if m.status == "cancelled" {
		return 0
	}
	return max(0, m.amount-m.paid-m.credited)
}

func (m *modelInvoice) owedBack() int64 { return max(0, m.paid+m.credited-m.amount) }

func (m *modelInvoice) settle() {
	if m.status == "pending" && m.due() == 0 {
		m.status = "paid"
	}
}

func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func parseCents(t *testing.T, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || len(frac) != 2 {
		t.Fatalf("not a USD amount: %q", s)
	}
	if neg {
		return -(w*100 + f)
	}
	return w*100 + f
}

// answer is one HTTP answer: status, headers and the envelope's data.
type answer struct {
	status int
	header http.Header
	code   string
	data   json.RawMessage
	raw    string
}

func (s *stack) exchange(method, path, body string, header map[string]string) answer {
	s.t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, reader)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Apikey "+s.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		ErrorCode string          `json:"errorCode"`
		Data      json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(raw, &env)
	return answer{status: resp.StatusCode, header: resp.Header, code: env.ErrorCode, data: env.Data, raw: string(raw)}
}

type shownInvoice struct {
	ID               string `json:"id"`
	Status           string `json:"status"`
	Amount           string `json:"amount"`
	AmountPaid       string `json:"amountPaid"`
	AmountCredited   string `json:"amountCredited"`
	AmountDue        string `json:"amountDue"`
	DeliveryStatus   string `json:"deliveryStatus"`
	DeliveryAttempts int    `json:"deliveryAttempts"`
	Etag             string `json:"etag"`
}

func TestReceivablesRandomSequencesAgreeWithTheLedgerAndMail(t *testing.T) {
	seed := time.Now().UnixNano()
	if v := os.Getenv("ADVERSARIAL_SEED"); v != "" {
		seed, _ = strconv.ParseInt(v, 10, 64)
	}
	t.Logf("seed %d (ADVERSARIAL_SEED=%d replays this run)", seed, seed)
	rng := rand.New(rand.NewSource(seed))

	smtp := startSMTPReceiver(t)
	s := newStack(t, "", fmt.Sprintf("--smtp_url=smtp://127.0.0.1:%d", smtp.port),
		"--smtp_from=billing@billing.test")
	customers := []string{s.customer("Mail One"), s.customer("Mail Two")}

	var invoices []*modelInvoice
	byID := map[string]*modelInvoice{}
	keys := 0
	newKey := func() string { keys++; return fmt.Sprintf("adv-%d-%d", seed, keys) }

	get := func(m *modelInvoice) shownInvoice {
		t.Helper()
		r := s.exchange("GET", "/api/v1/invoices/"+m.id, "", nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", m.id, r.status, short(r.raw))
		}
		var shown shownInvoice
		if err := json.Unmarshal(r.data, &shown); err != nil {
			t.Fatal(err)
		}
		return shown
	}
	// The invoice as shown must be the model's.
	agree := func(what string, m *modelInvoice, shown shownInvoice) {
		t.Helper()
		want := fmt.Sprintf("%s due %s paid %s credited %s", m.status, cents(m.due()), cents(m.paid), cents(m.credited))
		got := fmt.Sprintf("%s due %s paid %s credited %s", shown.Status, shown.AmountDue, shown.AmountPaid, shown.AmountCredited)
		if got != want {
			t.Fatalf("seed %d, after %s on %s: shows %s, want %s", seed, what, m.id, got, want)
		}
	}

	// write sends one keyed write on invoice m, as a client doing it right
	// would: sometimes first with a stale If-Match (412, nothing done), then
	// with the current ETag and the SAME key, re-reading while the mail
	// worker moves the ETag. A 412 replayed from the key is a dead key.
	// Sometimes the success is retried with its key: the same answer again.
	write := func(what, method, path, body string, m *modelInvoice) answer {
		t.Helper()
		key := newKey()
		if rng.Intn(3) == 0 {
			stale := s.exchange(method, path, body, map[string]string{"Idempotency-Key": key, "If-Match": `"0000"`})
			if stale.status != http.StatusPreconditionFailed || stale.code != "PRECONDITION_FAILED" {
				t.Fatalf("seed %d, %s with a stale If-Match: %d %s", seed, what, stale.status, short(stale.raw))
			}
		}
		var r answer
		for try := 0; ; try++ {
			etag := get(m).Etag
			r = s.exchange(method, path, body, map[string]string{"Idempotency-Key": key, "If-Match": strconv.Quote(etag)})
			if r.status != http.StatusPreconditionFailed {
				break
			}
			if r.header.Get("Idempotent-Replayed") == "true" {
				t.Fatalf("seed %d, %s: key %s is dead, its 412 was kept and replayed", seed, what, key)
			}
			if try == 5 {
				t.Fatalf("seed %d, %s: 412 five times with the current ETag: %s", seed, what, short(r.raw))
			}
		}
		if r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("seed %d, %s: the first run answered as a replay: %s", seed, what, short(r.raw))
		}
		if rng.Intn(4) == 0 {
			again := s.exchange(method, path, body, map[string]string{"Idempotency-Key": key, "If-Match": `"0000"`})
			if again.status != r.status || again.code != r.code || again.header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("seed %d, %s retried with its key: %d %s replayed %q, want %d %q replayed", seed, what,
					again.status, again.code, again.header.Get("Idempotent-Replayed"), r.status, r.code)
			}
		}
		return r
	}
	expectAnswer := func(what string, r answer, status int, code string) {
		t.Helper()
		if r.status != status || r.code != code {
			t.Fatalf("seed %d, %s: %d %q, want %d %q: %s", seed, what, r.status, r.code, status, code, short(r.raw))
		}
	}
	pick := func(filter func(*modelInvoice) bool) *modelInvoice {
		var fit []*modelInvoice
		for _, m := range invoices {
			if filter(m) {
				fit = append(fit, m)
			}
		}
		if len(fit) == 0 || rng.Intn(5) == 0 { // any invoice: refusals are part of the walk
			if len(invoices) == 0 {
				return nil
			}
			return invoices[rng.Intn(len(invoices))]
		}
		return fit[rng.Intn(len(fit))]
	}
	is := func(statuses ...string) func(*modelInvoice) bool {
		return func(m *modelInvoice) bool {
			for _, st := range statuses {
				if m.status == st {
					return true
				}
			}
			return false
		}
	}

	const maxSteps, budget = 800, 20 * time.Second
	begin := time.Now()
	steps := 0
	for ; steps < maxSteps && time.Since(begin) < budget; steps++ {
		op := rng.Intn(16)
		if len(invoices) == 0 {
			op = 0
		}
		switch {
		case op < 3: // create a draft
			amount := int64(100 + rng.Intn(30000))
			customer := customers[rng.Intn(len(customers))]
			r := s.exchange("POST", "/api/v1/invoices", fmt.Sprintf(`{"customerId":%q,"amount":%q,"dueDate":"2099-12-31"}`, customer, cents(amount)),
				map[string]string{"Idempotency-Key": newKey()})
			expectAnswer("create", r, 201, "")
			var shown shownInvoice
			_ = json.Unmarshal(r.data, &shown)
			m := &modelInvoice{id: shown.ID, customer: customer, status: "draft", amount: amount}
			invoices = append(invoices, m)
			byID[m.id] = m
		case op < 6: // process
			m := pick(is("draft"))
			r := write("process", "POST", "/api/v1/invoices/"+m.id+"/process", "", m)
			if m.status == "draft" {
				expectAnswer("process", r, 200, "")
				m.status, m.processed = "pending", true
			} else {
				expectAnswer("process "+m.status, r, 409, "INVALID_STATE_TRANSITION")
			}
		case op < 8: // pay
			m := pick(is("pending"))
			amount := int64(1 + rng.Intn(int(max(m.due(), 100)*5/4)))
			r := write("pay", "POST", "/api/v1/invoices/"+m.id+"/payments", fmt.Sprintf(`{"amount":%q,"method":"card"}`, cents(amount)), m)
			switch {
			case m.status != "pending":
				expectAnswer("pay "+m.status, r, 409, "INVOICE_NOT_PAYABLE")
			case amount > m.due():
				expectAnswer("pay over due", r, 409, "PAYMENT_EXCEEDS_AMOUNT_DUE")
			default:
				expectAnswer("pay", r, 201, "")
				m.paid += amount
				m.settle()
			}
		case op < 10: // credit
			m := pick(is("pending", "paid"))
			amount := int64(1 + rng.Intn(int(max(m.amount/2, 100))))
			r := write("credit", "POST", "/api/v1/invoices/"+m.id+"/credit-notes", fmt.Sprintf(`{"amount":%q,"reason":"other"}`, cents(amount)), m)
			switch {
			case m.status != "pending" && m.status != "paid":
				expectAnswer("credit "+m.status, r, 409, "INVOICE_NOT_CREDITABLE")
			case m.credited+amount > m.amount:
				expectAnswer("credit over amount", r, 409, "CREDIT_EXCEEDS_INVOICE")
			default:
				expectAnswer("credit", r, 201, "")
				m.credited += amount
				m.settle()
			}
		case op < 12: // cancel
			m := pick(is("draft", "pending"))
			mailsBefore := 0
			for _, e := range smtp.messages(t) {
				if e.invoice == m.id {
					mailsBefore++
				}
			}
			r := write("cancel", "POST", "/api/v1/invoices/"+m.id+"/cancel", "", m)
			switch {
			case m.status == "pending" && m.paid > 0:
				expectAnswer("cancel with payments", r, 409, "INVOICE_HAS_PAYMENTS")
			case m.status == "draft" || m.status == "pending":
				expectAnswer("cancel", r, 200, "")
				var shown shownInvoice
				_ = json.Unmarshal(r.data, &shown)
				m.status, m.cancelledAt = "cancelled", time.Now()
				m.mailsAtCancel, m.attemptsAtCancel = mailsBefore, shown.DeliveryAttempts
				if shown.DeliveryStatus == "queued" {
					t.Fatalf("seed %d: cancelled %s still has its email queued", seed, m.id)
				}
			default:
				expectAnswer("cancel "+m.status, r, 409, "INVALID_STATE_TRANSITION")
			}
		case op < 14: // send
			m := pick(is("pending", "paid"))
			r := write("send", "POST", "/api/v1/invoices/"+m.id+"/send", "", m)
			if m.status == "pending" || m.status == "paid" {
				expectAnswer("send", r, 200, "")
			} else {
				expectAnswer("send "+m.status, r, 409, "INVOICE_NOT_ISSUED")
			}
		case op < 15: // PATCH notes: allowed in every status
			m := pick(func(*modelInvoice) bool { return true })
			r := write("patch notes", "PATCH", "/api/v1/invoices/"+m.id, fmt.Sprintf(`{"notes":"step %d"}`, steps), m)
			expectAnswer("patch notes", r, 200, "")
		default: // PATCH to paid: a payment of what is due
			m := pick(is("pending"))
			r := write("patch paid", "PATCH", "/api/v1/invoices/"+m.id, `{"status":"paid"}`, m)
			if m.status == "pending" {
				expectAnswer("patch paid", r, 200, "")
				m.paid += m.due()
				m.status = "paid"
			} else {
				expectAnswer("patch paid "+m.status, r, 409, "INVALID_STATE_TRANSITION")
			}
		}
	}
	t.Logf("%d steps, %d invoices, %d keys in %v", steps, len(invoices), keys, time.Since(begin).Round(time.Millisecond))

	// Let the mail worker finish what is queued.
	deadline := time.Now().Add(10 * time.Second)
	for {
		queued := 0
		for _, m := range invoices {
			if get(m).DeliveryStatus == "queued" {
				queued++
			}
		}
		if queued == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("seed %d: %d emails still queued after 10 s", seed, queued)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Every invoice is the model's and agrees with its ledger entries.
	ledger := map[string]int64{}
	balances := map[string]int64{}
	for _, customer := range customers {
		for page := 1; ; page++ {
			r := s.exchange("GET", fmt.Sprintf("/api/v1/customers/%s/ledger-entries?page=%d&pageSize=100", customer, page), "", nil)
			if r.status != 200 {
				t.Fatalf("ledger: %d %s", r.status, short(r.raw))
			}
			var entries []struct {
				InvoiceID string `json:"invoiceId"`
				Amount    string `json:"amount"`
			}
			if err := json.Unmarshal(r.data, &entries); err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				ledger[e.InvoiceID] += parseCents(t, e.Amount)
				balances[customer] += parseCents(t, e.Amount)
			}
			if len(entries) < 100 {
				break
			}
		}
	}
	for _, m := range invoices {
		shown := get(m)
		agree("the run", m, shown)
		want := parseCents(t, shown.AmountDue) - m.owedBack()
		if !m.processed {
			want = 0 // a draft (or a cancelled one) was never on the ledger
		}
		if ledger[m.id] != want {
			t.Errorf("seed %d: invoice %s (%s) shows amountDue %s, owed back %s, but its ledger entries sum to %s",
				seed, m.id, m.status, shown.AmountDue, cents(m.owedBack()), cents(ledger[m.id]))
		}
		if m.status == "cancelled" && shown.DeliveryStatus == "queued" {
			t.Errorf("seed %d: cancelled invoice %s has its email queued", seed, m.id)
		}
	}
	// Item 11: the newest customer.updated shows the balance the ledger sums to.
	for _, customer := range customers {
		r := s.exchange("GET", "/api/v1/events?type=customer.updated&resourceId="+customer+"&pageSize=1", "", nil)
		var events []struct {
			Data struct {
				Balances []struct{ Amount string } `json:"balances"`
			} `json:"data"`
		}
		if err := json.Unmarshal(r.data, &events); err != nil {
			t.Fatal(err)
		}
		if len(events) == 0 {
			if balances[customer] != 0 {
				t.Errorf("seed %d: customer %s owes %s but no customer.updated was recorded", seed, customer, cents(balances[customer]))
			}
			continue
		}
		if len(events[0].Data.Balances) != 1 || parseCents(t, events[0].Data.Balances[0].Amount) != balances[customer] {
			t.Errorf("seed %d: customer %s: newest customer.updated shows %+v, the ledger sums to %s", seed, customer, events[0].Data.Balances, cents(balances[customer]))
		}
	}

	// Every email was for an issued invoice, never a draft; a cancelled one
	// got none after its cancellation, except the one a worker may have had
	// in flight at that moment (claimed while still issued).
	mails := smtp.messages(t)
	perInvoice := map[string][]mail{}
	for _, e := range mails {
		perInvoice[e.invoice] = append(perInvoice[e.invoice], e)
	}
	for id, got := range perInvoice {
		m := byID[id]
		if m == nil || !m.processed {
			t.Errorf("seed %d: an email for %s, which was never issued: %q", seed, id, got[0].subject)
			continue
		}
		if m.status != "cancelled" {
			continue
		}
		late := 0
		for _, e := range got {
			if e.attempt > m.attemptsAtCancel+1 {
				t.Errorf("seed %d: cancelled invoice %s was emailed afterwards (attempt %d, %d before the cancellation): %q",
					seed, id, e.attempt, m.attemptsAtCancel, e.subject)
			}
			if e.saved.After(m.cancelledAt.Add(2 * time.Second)) {
				t.Errorf("seed %d: cancelled invoice %s was emailed %v after its cancellation: %q",
					seed, id, e.saved.Sub(m.cancelledAt), e.subject)
			}
			if e.saved.After(m.cancelledAt) {
				late++
			}
		}
		if len(got) > m.mailsAtCancel+1 || late > 1 {
			t.Errorf("seed %d: cancelled invoice %s: %d emails, %d before its cancellation", seed, id, len(got), m.mailsAtCancel)
		}
	}
	t.Logf("%d emails checked", len(mails))
}
