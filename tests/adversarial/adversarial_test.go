package adversarial

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Hostile input through the gateway: never a 5xx, always a 4xx with a code,
// nothing written, and another caller's request meanwhile is unharmed.
func TestBadInputIsRefusedAndWritesNothing(t *testing.T) {
	s := newStack(t, "")
	cus := s.customer("Target")

	var lines strings.Builder
	lines.WriteString(`{"customerId":"` + cus + `","dueDate":"2099-12-31","lineItems":[`)
	for i := 0; i < 300_000; i++ {
		if i > 0 {
			lines.WriteString(",")
		}
		lines.WriteString("{}")
	}
	lines.WriteString("]}")

	cases := []struct {
		name   string
		method string
		path   string
		body   any
	}{
		{"300k empty line items", "POST", "/api/v1/invoices", []byte(lines.String())},
		{"NUL in a name", "POST", "/api/v1/customers", map[string]any{"name": "Ada\x00", "email": "a@example.com", "defaultCurrency": "USD"}},
		{"escape sequence in a name", "POST", "/api/v1/customers", map[string]any{"name": "Ada\x1b[2J", "email": "a@example.com", "defaultCurrency": "USD"}},
		{"invisible-only name", "POST", "/api/v1/customers", map[string]any{"name": "\ufeff\u200b\u00a0\u2060", "email": "a@example.com", "defaultCurrency": "USD"}},
		{"line break in a description", "POST", "/api/v1/invoices", map[string]any{"customerId": cus, "dueDate": "2099-12-31", "lineItems": []any{map[string]any{"description": "a\nb", "quantity": 1, "unitAmount": "1.00"}}}},
		{"huge customer id in a body", "POST", "/api/v1/invoices", map[string]any{"customerId": strings.Repeat("c", 900_000), "dueDate": "2099-12-31", "amount": "1.00"}},
		{"long id in a path", "GET", "/api/v1/invoices/" + strings.Repeat("i", 5000), nil},
		{"id of the wrong kind", "GET", "/api/v1/invoices/" + cus, nil},
		{"float money", "POST", "/api/v1/invoices", map[string]any{"customerId": cus, "dueDate": "2099-12-31", "amount": 1.5}},
		{"exponent money", "POST", "/api/v1/invoices", map[string]any{"customerId": cus, "dueDate": "2099-12-31", "amount": "1e3"}},
		{"not JSON", "POST", "/api/v1/customers", []byte("{\"name\": ")},
		{"over 1 MiB", "POST", "/api/v1/customers", []byte(`{"name":"` + strings.Repeat("n", 1<<21) + `"}`)},
	}
	// Another tenant's calls run throughout and must all succeed.
	stop := make(chan struct{})
	var bystanderFailures atomic.Int64
	var bystander sync.WaitGroup
	bystander.Add(1)
	go func() {
		defer bystander.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if r, err := s.try("GET", "/api/v1/customers/"+cus, nil); err != nil || r.status != 200 {
				bystanderFailures.Add(1)
			}
		}
	}()
	for _, c := range cases {
		r, err := s.try(c.method, c.path, c.body)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if r.status < 400 || r.status >= 500 || r.code() == "" {
			t.Errorf("%s: %d %q, want a 4xx with an error code: %s", c.name, r.status, r.code(), short(r.raw))
		}
		if len(r.raw) > 16<<10 {
			t.Errorf("%s: a %d-byte answer; errors are bounded", c.name, len(r.raw))
		}
	}
	close(stop)
	bystander.Wait()
	if n := bystanderFailures.Load(); n > 0 {
		t.Errorf("%d of another caller's requests failed meanwhile", n)
	}
	if r := s.do("GET", "/api/v1/invoices", nil); r.totalItems() != 0 {
		t.Errorf("%d invoices written by refused requests", r.totalItems())
	}
	if r := s.do("GET", "/api/v1/customers", nil); r.totalItems() != 1 {
		t.Errorf("%d customers, want only the one made on purpose", r.totalItems())
	}
}

// kill -9 while writing: every acknowledged write is there after a restart.
func TestKill9KeepsEveryAcknowledgedWrite(t *testing.T) {
	s := newStack(t, "")
	var acknowledged []string
	var mu sync.Mutex
	const cycles = 3
	for cycle := 0; cycle < cycles; cycle++ {
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ; i++ {
					r, err := s.try("POST", "/api/v1/customers", map[string]any{
						"name": fmt.Sprintf("c%d-w%d-%d", cycle, w, i), "email": "k@example.com", "defaultCurrency": "EUR"})
					if err != nil || r.status >= 500 {
						return // the server is gone
					}
					if r.status == 201 || r.status == 200 {
						mu.Lock()
						acknowledged = append(acknowledged, r.id())
						mu.Unlock()
					}
				}
			}(w)
		}
		time.Sleep(700 * time.Millisecond)
		s.server.signal(syscall.SIGKILL)
		wg.Wait()
		s.server.waitExit(5 * time.Second)
		s.gateway.signal(syscall.SIGKILL)
		s.gateway.waitExit(5 * time.Second)
		s.startServer()
		s.startGateway()
	}
	if len(acknowledged) < 10 {
		t.Fatalf("only %d writes acknowledged: the load did not run", len(acknowledged))
	}
	missing := 0
	for _, id := range acknowledged {
		if r := s.do("GET", "/api/v1/customers/"+id, nil); r.status != 200 {
			missing++
		}
	}
	t.Logf("%d acknowledged writes over %d kill -9 cycles", len(acknowledged), cycles)
	if missing > 0 {
		t.Errorf("%d of %d acknowledged writes lost", missing, len(acknowledged))
	}
}

// Racing the same action on one invoice: exactly one wins, the rest are
// told the invoice already moved.
func TestRacingActionsHaveExactlyOneWinner(t *testing.T) {
	s := newStack(t, "")
	cus := s.customer("Racer")
	for round := 0; round < 5; round++ {
		inv := s.do("POST", "/api/v1/invoices", map[string]any{
			"customerId": cus, "dueDate": "2099-12-31", "amount": "10.00"}).id()
		if inv == "" {
			t.Fatal("no invoice")
		}
		var ok, conflict, other atomic.Int64
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := s.try("POST", "/api/v1/invoices/"+inv+"/process", nil)
				switch {
				case err != nil:
					other.Add(1)
				case r.status == 200:
					ok.Add(1)
				case r.status == 409:
					conflict.Add(1)
				default:
					other.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || conflict.Load() != 15 || other.Load() != 0 {
			t.Errorf("round %d: %d won, %d conflicts, %d other; want 1, 15, 0",
				round, ok.Load(), conflict.Load(), other.Load())
		}
	}
}

// SIGTERM while calls are in flight: every call already sent succeeds and
// the server exits within its drain time.
func TestSigtermDrainsCallsInFlight(t *testing.T) {
	s := newStack(t, "", "--drain_timeout=10s")
	s.customer("warm-up")
	const calls = 256
	var wg sync.WaitGroup
	results := make([]string, calls)
	startGate := make(chan struct{})
	for i := 0; i < calls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-startGate
			r, err := s.try("POST", "/api/v1/customers", map[string]any{
				"name": fmt.Sprintf("drain %d", i), "email": "d@example.com", "defaultCurrency": "USD"})
			switch {
			case err != nil:
				results[i] = err.Error()
			case r.status != 201 && r.status != 200:
				results[i] = fmt.Sprintf("%d %s", r.status, short(r.raw))
			}
		}(i)
	}
	close(startGate)
	time.Sleep(20 * time.Millisecond)
	signalled := time.Now()
	s.server.signal(syscall.SIGTERM)
	wg.Wait()
	if !s.server.waitExit(10 * time.Second) {
		t.Errorf("the server did not exit within --drain_timeout")
	}
	t.Logf("server exited %v after SIGTERM", time.Since(signalled).Round(time.Millisecond))
	for i, failure := range results {
		if failure != "" {
			t.Errorf("call %d failed across the drain: %s", i, failure)
		}
	}
}
