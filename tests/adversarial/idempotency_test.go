package adversarial

// Safe retries through the real binaries: creates retried with their
// Idempotency-Key while the service is killed (-9) and restarted and the
// gateway's upstream connections are cut mid-request; one key hammered by
// 32 callers at once; and two clients racing to PATCH one invoice with
// If-Match.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// cutProxy is a TCP proxy between the gateway and the service: its target
// can change (a restarted service listens elsewhere), cut() closes every
// connection through it at once, whatever is in flight, and
// cutOnReply makes the next bytes the service sends back (an answer to a
// write it has committed) the moment it cuts instead of passing them on.
type cutProxy struct {
	ln         net.Listener
	target     atomic.Value // string
	cutOnReply atomic.Bool
	mu         sync.Mutex
	conns      map[net.Conn]struct{}
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, conns: map[net.Conn]struct{}{}}
	p.target.Store(target)
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *cutProxy) addr() string { return p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.DialTimeout("tcp", p.target.Load().(string), time.Second)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns[in], p.conns[out] = struct{}{}, struct{}{}
		p.mu.Unlock()
		pipe := func(dst, src net.Conn) {
			_, _ = io.Copy(dst, src)
			dst.Close()
			src.Close()
		}
		go pipe(out, in)
		go func() { // the service's answers
			buf := make([]byte, 32<<10)
			for {
				n, err := out.Read(buf)
				if n > 0 && p.cutOnReply.CompareAndSwap(true, false) {
					p.cut()
					return
				}
				if n > 0 {
					if _, werr := in.Write(buf[:n]); werr != nil {
						break
					}
				}
				if err != nil {
					break
				}
			}
			in.Close()
			out.Close()
		}()
	}
}

// cut closes every connection through the proxy: calls in flight die
// mid-request, whether or not the service already did the work.
func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

// keyedReply is an answer to a request sent with headers.
type keyedReply struct {
	reply
	header http.Header
}

// send sends one request with extra headers; err is a transport failure.
func (s *stack) send(method, path string, body any, headers map[string]string) (keyedReply, error) {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return keyedReply{}, err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.base+path, reader)
	if err != nil {
		return keyedReply{}, err
	}
	req.Header.Set("Authorization", "Apikey "+s.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		return keyedReply{}, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := keyedReply{reply: reply{status: resp.StatusCode, raw: string(data)}, header: resp.Header}
	_ = json.Unmarshal(data, &r.body)
	return r, nil
}

// final: an answer that settles the request. Transport errors, 5xx and
// 409 IDEMPOTENCY_KEY_IN_PROGRESS (and 429) say "retry with the same key".
func final(r keyedReply, err error) bool {
	if err != nil || r.status >= 500 || r.status == 429 {
		return false
	}
	return !(r.status == 409 && r.code() == "IDEMPOTENCY_KEY_IN_PROGRESS")
}

func TestRetriedCreatesMakeOneInvoicePerKeyThroughKillsAndCuts(t *testing.T) {
	const (
		keys     = 500
		workers  = 8
		pace     = 100 * time.Millisecond // between a worker's keys: ~7 s of load
		kills    = 4
		cuts     = 4                 // mid-request, wherever the request is
		lostAcks = 4                 // just after the service answered a committed write
		deadline = 100 * time.Second // the whole run's budget
	)
	s := newStack(t, "")
	cus := s.customer("Retry Ltd")
	s.gateway.signal(syscall.SIGKILL)
	s.gateway.waitExit(5 * time.Second)
	proxy := newCutProxy(t, s.grpc)
	s.startGatewayTo(proxy.addr())

	type outcome struct {
		status            int
		id, location, raw string
		attempts          int
		replayed          bool
	}
	outcomes := make([]outcome, keys)
	var next, done atomic.Int64
	stop := time.Now().Add(deadline)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= keys {
					return
				}
				body := map[string]any{"customerId": cus, "dueDate": "2099-12-31", "amount": "10.00",
					"notes": fmt.Sprintf("key-%d", i)}
				key := map[string]string{"Idempotency-Key": fmt.Sprintf("fault-key-%d", i)}
				time.Sleep(pace)
				for attempt := 1; time.Now().Before(stop); attempt++ {
					r, err := s.send("POST", "/api/v1/invoices", body, key)
					if final(r, err) {
						outcomes[i] = outcome{status: r.status, id: r.id(), location: r.header.Get("Location"),
							raw: short(r.raw), attempts: attempt, replayed: r.header.Get("Idempotent-Replayed") == "true"}
						done.Add(1)
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}

	// The faults, spread over the run while requests are in flight.
	killed, cutCount, lost := 0, 0, 0
	for fault := 0; fault < kills+cuts+lostAcks && done.Load() < keys && time.Now().Before(stop); fault++ {
		time.Sleep(300 * time.Millisecond)
		switch fault % 3 {
		case 0:
			proxy.cut()
			cutCount++
		case 1:
			proxy.cutOnReply.Store(true)
			lost++
		case 2:
			s.server.signal(syscall.SIGKILL)
			s.server.waitExit(5 * time.Second)
			s.startServer()
			proxy.target.Store(s.grpc)
			proxy.cut() // the gateway's connection to the dead service
			killed++
		}
	}
	wg.Wait()
	t.Logf("%d keys, %d kill -9 and restart, %d upstream cuts, %d answers cut off; %d settled",
		keys, killed, cutCount, lost, done.Load())
	if killed < kills || cutCount < cuts || lost < lostAcks {
		t.Errorf("only %d kills, %d cuts and %d lost answers before the load ended: the faults did not overlap it", killed, cutCount, lost)
	}
	if done.Load() != keys {
		t.Fatalf("%d of %d keys never got a final answer within %s", keys-done.Load(), keys, deadline)
	}

	// Every invoice, by the key its notes name.
	byKey := map[string][]string{}
	for page := 1; ; page++ {
		r := s.do("GET", fmt.Sprintf("/api/v1/invoices?page=%d&pageSize=100", page), nil)
		items, _ := r.body["data"].([]any)
		for _, it := range items {
			inv := it.(map[string]any)
			byKey[inv["notes"].(string)] = append(byKey[inv["notes"].(string)], inv["id"].(string))
		}
		if len(items) < 100 {
			break
		}
	}
	retried, replayed := 0, 0
	for i, o := range outcomes {
		if o.replayed {
			replayed++
		}
		ids := byKey[fmt.Sprintf("key-%d", i)]
		if o.attempts > 1 {
			retried++
		}
		switch {
		case len(ids) != 1:
			t.Errorf("key %d: %d invoices %v, want exactly 1", i, len(ids), ids)
		case o.status != 201 || o.id != ids[0]:
			t.Errorf("key %d: final answer %d %q does not name its invoice %s: %s", i, o.status, o.id, ids[0], o.raw)
		case o.location != "/api/v1/invoices/"+ids[0]:
			t.Errorf("key %d: Location %q, want /api/v1/invoices/%s", i, o.location, ids[0])
		}
	}
	if len(byKey) != keys {
		t.Errorf("%d distinct keys among the invoices, want %d", len(byKey), keys)
	}
	// A replay is a retry whose first attempt was written but never
	// answered (the cut or kill came after the commit).
	t.Logf("%d keys needed a retry; %d final answers were replays of a write whose answer was lost", retried, replayed)
	if replayed == 0 {
		t.Errorf("no retry was answered from its key: the faults never hit a committed write's answer")
	}
}

func TestOneKeyFromManyCallersWritesOnce(t *testing.T) {
	s := newStack(t, "")
	cus := s.customer("Burst Ltd")
	const callers = 32
	replies := make([]keyedReply, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			replies[i], errs[i] = s.send("POST", "/api/v1/invoices",
				map[string]any{"customerId": cus, "dueDate": "2099-12-31", "amount": "10.00"},
				map[string]string{"Idempotency-Key": "one-key"})
		}(i)
	}
	close(start)
	wg.Wait()
	created, replayed, inProgress := 0, 0, 0
	id := ""
	for i, r := range replies {
		switch {
		case errs[i] != nil:
			t.Errorf("caller %d: %v", i, errs[i])
		case r.status == 201 && r.header.Get("Idempotent-Replayed") == "true":
			replayed++
		case r.status == 201:
			created++
		case r.status == 409 && r.code() == "IDEMPOTENCY_KEY_IN_PROGRESS" && r.header.Get("Retry-After") != "":
			inProgress++
			continue
		default:
			t.Errorf("caller %d: %d %s", i, r.status, short(r.raw))
			continue
		}
		if id == "" {
			id = r.id()
		} else if r.id() != id {
			t.Errorf("caller %d got invoice %s, another got %s", i, r.id(), id)
		}
	}
	t.Logf("%d created, %d replayed, %d told in progress", created, replayed, inProgress)
	if created != 1 {
		t.Errorf("%d callers created, want exactly 1", created)
	}
	if n := s.do("GET", "/api/v1/invoices", nil).totalItems(); n != 1 {
		t.Errorf("%d invoices, want 1", n)
	}
}

func TestTwoWritersWithIfMatchOneWinsOneGets412(t *testing.T) {
	s := newStack(t, "")
	cus := s.customer("Lost Update Ltd")
	inv := s.do("POST", "/api/v1/invoices", map[string]any{
		"customerId": cus, "dueDate": "2099-12-31", "amount": "10.00"}).id()
	for round := 0; round < 10; round++ {
		read, err := s.send("GET", "/api/v1/invoices/"+inv, nil, nil)
		if err != nil || read.status != 200 {
			t.Fatalf("read: %v %d", err, read.status)
		}
		etag := read.header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag on GET")
		}
		notModified, err := s.send("GET", "/api/v1/invoices/"+inv, nil, map[string]string{"If-None-Match": etag})
		if err != nil || notModified.status != 304 || notModified.raw != "" {
			t.Fatalf("If-None-Match with the current ETag: %v %d %q, want 304 with no body", err, notModified.status, notModified.raw)
		}
		replies := make([]keyedReply, 2)
		var wg sync.WaitGroup
		for c := 0; c < 2; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				replies[c], _ = s.send("PATCH", "/api/v1/invoices/"+inv,
					map[string]any{"notes": fmt.Sprintf("round %d writer %d", round, c)},
					map[string]string{"If-Match": etag})
			}(c)
		}
		wg.Wait()
		won, lost := -1, -1
		for c, r := range replies {
			switch r.status {
			case 200:
				won = c
			case 412:
				lost = c
			}
		}
		if won < 0 || lost < 0 {
			t.Fatalf("round %d: answers %d and %d, want one 200 and one 412: %s / %s", round,
				replies[0].status, replies[1].status, short(replies[0].raw), short(replies[1].raw))
		}
		loser, winner := replies[lost], replies[won]
		if loser.code() != "PRECONDITION_FAILED" || loser.header.Get("ETag") != winner.header.Get("ETag") {
			t.Errorf("round %d: the 412 is %s with ETag %q, want PRECONDITION_FAILED with the winner's %q",
				round, loser.code(), loser.header.Get("ETag"), winner.header.Get("ETag"))
		}
		after := s.do("GET", "/api/v1/invoices/"+inv, nil)
		if notes := after.body["data"].(map[string]any)["notes"]; notes != fmt.Sprintf("round %d writer %d", round, won) {
			t.Errorf("round %d: notes %q, want the winner's", round, notes)
		}
	}
}

func TestReplaysOverRESTKeepStatusDataAndLocation(t *testing.T) {
	s := newStack(t, "")
	body := map[string]any{"customerId": "cus_later", "dueDate": "2099-12-31", "amount": "10.00"}
	key := map[string]string{"Idempotency-Key": "rest-1"}
	refused, err := s.send("POST", "/api/v1/invoices", body, key)
	if err != nil || refused.status != 404 || refused.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %v %d %s", err, refused.status, short(refused.raw))
	}
	if r := s.do("PUT", "/api/v1/customers/cus_later", map[string]any{
		"name": "Later", "email": "ap@later.example", "defaultCurrency": "USD"}); r.status != 201 {
		t.Fatalf("customer: %d %s", r.status, short(r.raw))
	}
	again, err := s.send("POST", "/api/v1/invoices", body, key)
	if err != nil || again.status != 404 || again.code() != "CUSTOMER_NOT_FOUND" || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry of a refusal: %v %d %s replayed=%q, want the recorded 404", err, again.status, again.code(), again.header.Get("Idempotent-Replayed"))
	}

	key = map[string]string{"Idempotency-Key": "rest-2"}
	created, _ := s.send("POST", "/api/v1/invoices", body, key)
	replay, _ := s.send("POST", "/api/v1/invoices", body, key)
	if created.status != 201 || replay.status != 201 || replay.id() != created.id() ||
		replay.header.Get("Location") != created.header.Get("Location") || replay.header.Get("Location") == "" ||
		replay.header.Get("ETag") != created.header.Get("ETag") || replay.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay %d %s %q %q, first %d %s %q", replay.status, replay.id(), replay.header.Get("Location"),
			replay.header.Get("Idempotent-Replayed"), created.status, created.id(), created.header.Get("Location"))
	}
	body["notes"] = "another request"
	reused, _ := s.send("POST", "/api/v1/invoices", body, key)
	if reused.status != 422 || reused.code() != "IDEMPOTENCY_KEY_REUSED" {
		t.Errorf("same key, other body: %d %s, want 422 IDEMPOTENCY_KEY_REUSED", reused.status, reused.code())
	}
	bad, _ := s.send("POST", "/api/v1/invoices", body, map[string]string{"Idempotency-Key": "caf\u00e9"})
	if bad.status != 400 || bad.code() != "VALIDATION_ERROR" {
		t.Errorf("non-ASCII key: %d %s, want 400 VALIDATION_ERROR", bad.status, bad.code())
	}
	if n := s.do("GET", "/api/v1/invoices", nil).totalItems(); n != 1 {
		t.Errorf("%d invoices, want 1", n)
	}
}

func TestAPatchRetriedWithItsKeyIsAlwaysTheSameRequest(t *testing.T) {
	// The gateway builds the update mask from the body's fields in no fixed
	// order; the retry must still be recognized as the same request.
	s := newStack(t, "")
	cus := s.customer("Patch Ltd")
	inv := s.do("POST", "/api/v1/invoices", map[string]any{
		"customerId": cus, "dueDate": "2099-12-31", "amount": "10.00"}).id()
	body := map[string]any{"notes": "n", "dueDate": "2027-01-31", "amount": "12.00", "currency": "USD"}
	key := map[string]string{"Idempotency-Key": "patch-1"}
	first, err := s.send("PATCH", "/api/v1/invoices/"+inv, body, key)
	if err != nil || first.status != 200 {
		t.Fatalf("first: %v %d %s", err, first.status, short(first.raw))
	}
	for i := 0; i < 20; i++ {
		r, err := s.send("PATCH", "/api/v1/invoices/"+inv, body, key)
		if err != nil || r.status != 200 || r.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry %d: %v %d %s", i, err, r.status, short(r.raw))
		}
	}
}

// The writes adopted after invoices and customers, over REST: a payment
// retried with its key is booked once, a stale If-Match books nothing, and
// a webhook endpoint's create replays with its one secret.
func TestPaymentsAndWebhookEndpointsReplayOverREST(t *testing.T) {
	s := newStack(t, "", "--webhooks_allow_private_networks")
	cus := s.customer("Pay Ltd")
	inv := s.do("POST", "/api/v1/invoices", map[string]any{
		"customerId": cus, "dueDate": "2099-12-31", "amount": "100.00"}).id()
	pending, _ := s.send("POST", "/api/v1/invoices/"+inv+"/process", nil, nil)
	if pending.status != 200 || pending.header.Get("ETag") == "" {
		t.Fatalf("process: %d %s", pending.status, short(pending.raw))
	}
	pay := map[string]any{"amount": "40.00", "method": "card"}
	key := map[string]string{"Idempotency-Key": "pay-rest-1"}
	first, _ := s.send("POST", "/api/v1/invoices/"+inv+"/payments", pay, key)
	again, _ := s.send("POST", "/api/v1/invoices/"+inv+"/payments", pay, key)
	if first.status != 201 || again.status != 201 || again.id() != first.id() ||
		again.header.Get("Location") != first.header.Get("Location") ||
		again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("payment replay: %d %s %q replayed=%q; first %d %s %q", again.status, again.id(),
			again.header.Get("Location"), again.header.Get("Idempotent-Replayed"), first.status,
			first.id(), first.header.Get("Location"))
	}
	stale, _ := s.send("POST", "/api/v1/invoices/"+inv+"/payments", pay,
		map[string]string{"If-Match": pending.header.Get("ETag")})
	if stale.status != 412 || stale.code() != "PRECONDITION_FAILED" {
		t.Errorf("stale If-Match: %d %s, want 412 PRECONDITION_FAILED", stale.status, stale.code())
	}
	if n := s.do("GET", "/api/v1/payments?invoiceId="+inv, nil).totalItems(); n != 1 {
		t.Errorf("%d payments, want 1", n)
	}

	hook := map[string]any{"url": "http://127.0.0.1:9/hook", "eventTypes": []string{"*"}}
	key = map[string]string{"Idempotency-Key": "we-rest-1"}
	created, _ := s.send("POST", "/api/v1/webhook-endpoints", hook, key)
	replay, _ := s.send("POST", "/api/v1/webhook-endpoints", hook, key)
	secret := func(r keyedReply) string {
		data, _ := r.body["data"].(map[string]any)
		s, _ := data["secret"].(string)
		return s
	}
	if created.status != 201 || replay.status != 201 || secret(created) == "" ||
		secret(replay) != secret(created) || replay.header.Get("ETag") != created.header.Get("ETag") ||
		replay.header.Get("ETag") == "" {
		t.Errorf("endpoint replay: %d %q etag %q; first %d etag %q", replay.status, secret(replay),
			replay.header.Get("ETag"), created.status, created.header.Get("ETag"))
	}
	if n := s.do("GET", "/api/v1/webhook-endpoints", nil).totalItems(); n != 1 {
		t.Errorf("%d webhook endpoints, want 1", n)
	}
}
