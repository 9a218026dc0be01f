// Command fill creates invoices through the REST gateway with many callers at
// once, so the benchmark's data goes through the service's own code and
// storage, exactly as a client's would. Each invoice has one line over a
// three-month service period; -process also moves it to pending, which is
// what revenue recognition counts. -ids writes the new invoices' ids, one a
// line (the benchmark processes prepared drafts with them).
//
// -json PATH writes scripts/bench.sh's record of the run instead of stopping
// at the first failure: processes (or creates) per second, the p50/p99 of
// the process call (or create), and the failed calls (errors: 5xx and
// transport failures; refused: 4xx). -race also sends a cancel of each new
// draft at the same moment as its process, to -race-base (another replica's
// gateway) if given: either may win, nothing may fail, and the numbers the
// winning processes took must be consecutive (race_* fields).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type options struct {
	base      string
	key       string
	n         int64
	callers   int
	customers []string
	process   bool
	idsPath   string
	jsonPath  string
	race      bool
	raceBase  string
}

// stats collects what -json reports, from every caller.
type stats struct {
	mu        sync.Mutex
	latencies []time.Duration // of the measured call
	errors    int             // 5xx and transport failures
	refused   int             // 4xx other than a lost race
	kinds     map[string]int
	numbers   []int64 // taken by processes that won
	races     int
	cancelWon int
	both      int // process then cancel: both succeed, in that order
}

func (s *stats) fail(kind string, server bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if server {
		s.errors++
	} else {
		s.refused++
	}
	if s.kinds == nil {
		s.kinds = map[string]int{}
	}
	s.kinds[kind]++
}

type filler struct {
	o      options
	client *http.Client
	next   atomic.Int64
	done   atomic.Int64
	failed atomic.Bool
	stats  stats
	errMu  sync.Mutex
	err    error
}

func main() {
	var o options
	var customers string
	flag.StringVar(&o.base, "base", "", "the gateway's base URL, e.g. http://127.0.0.1:8080/api/v1")
	flag.StringVar(&o.key, "key", "", "API key")
	flag.Int64Var(&o.n, "n", 1000, "invoices to create")
	flag.IntVar(&o.callers, "c", 32, "concurrent callers")
	flag.StringVar(&customers, "customers", "", "comma-separated customer ids, used in turn")
	flag.BoolVar(&o.process, "process", false, "process every invoice after creating it")
	flag.StringVar(&o.idsPath, "ids", "", "file to write the created invoices' ids to")
	flag.StringVar(&o.jsonPath, "json", "", "write bench.sh's record here; count failures instead of stopping")
	flag.BoolVar(&o.race, "race", false, "with -process: cancel each draft at the same moment as its process")
	flag.StringVar(&o.raceBase, "race-base", "", "with -race: the cancels' gateway (default -base)")
	flag.Parse()
	o.customers = strings.Split(customers, ",")
	if o.base == "" || o.key == "" || customers == "" {
		fmt.Fprintln(os.Stderr, "fill: -base, -key and -customers are required")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "fill:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	f := &filler{o: o, client: &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.callers},
	}}
	ids := make([]string, o.n)
	start := time.Now()
	var wg sync.WaitGroup
	for range o.callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !f.failed.Load() {
				i := f.next.Add(1) - 1
				if i >= o.n {
					return
				}
				if o.jsonPath != "" {
					f.measured(o.customers[i%int64(len(o.customers))])
					continue
				}
				id, err := f.one(o.customers[i%int64(len(o.customers))])
				if err != nil {
					f.fail(err)
					return
				}
				ids[i] = id
				if d := f.done.Add(1); d%100000 == 0 {
					fmt.Fprintf(os.Stderr, "fill: %d of %d\n", d, o.n)
				}
			}
		}()
	}
	wg.Wait()
	if f.err != nil {
		return f.err
	}
	took := time.Since(start)
	if o.jsonPath != "" {
		return f.writeJSON(took)
	}
	fmt.Fprintf(os.Stderr, "fill: %d invoices (process=%v) in %.1f s, %.0f/s\n",
		o.n, o.process, took.Seconds(), float64(o.n)/took.Seconds())
	if o.idsPath != "" {
		return os.WriteFile(o.idsPath, []byte(strings.Join(ids, "\n")+"\n"), 0o644)
	}
	return nil
}

func (f *filler) fail(err error) {
	f.errMu.Lock()
	defer f.errMu.Unlock()
	if f.err == nil {
		f.err = err
	}
	f.failed.Store(true)
}

// one creates an invoice (and processes it with -process); returns its id.
func (f *filler) one(customer string) (string, error) {
	body := fmt.Sprintf(`{"customerId":%q,"dueDate":"2099-01-31","lineItems":[`+
		`{"description":"Support, Q1","quantity":3,"unitAmount":"100.00",`+
		`"servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"}]}`, customer)
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := f.post("/invoices", body, http.StatusCreated, &created); err != nil {
		return "", err
	}
	if created.Data.ID == "" {
		return "", fmt.Errorf("create: no id in the answer")
	}
	if f.o.process {
		if err := f.post("/invoices/"+created.Data.ID+"/process", "", http.StatusOK, nil); err != nil {
			return "", err
		}
	}
	return created.Data.ID, nil
}

func (f *filler) post(path, body string, want int, into any) error {
	req, err := http.NewRequest(http.MethodPost, f.o.base+path, bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Apikey "+f.o.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	if into != nil {
		return json.Unmarshal(raw, into)
	}
	return nil
}

// measured is one create (and process, and racing cancel) for -json.
func (f *filler) measured(customer string) {
	body := fmt.Sprintf(`{"customerId":%q,"dueDate":"2099-01-31","lineItems":[`+
		`{"description":"Support, Q1","quantity":3,"unitAmount":"100.00",`+
		`"servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"}]}`, customer)
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	t0 := time.Now()
	code, err := f.call(f.o.base, "/invoices", body, &created)
	if !f.o.process {
		f.record(time.Since(t0), "create", code, err, 201)
		return
	}
	if !f.ok("create", code, err, 201) {
		return
	}
	path := "/invoices/" + created.Data.ID
	if !f.o.race {
		var processed struct {
			Data struct {
				Number string `json:"number"`
			} `json:"data"`
		}
		t1 := time.Now()
		code, err := f.call(f.o.base, path+"/process", "", &processed)
		if f.record(time.Since(t1), "process", code, err, 200) {
			f.number(processed.Data.Number)
		}
		return
	}
	cancelBase := f.o.raceBase
	if cancelBase == "" {
		cancelBase = f.o.base
	}
	var processed struct {
		Data struct {
			Number string `json:"number"`
		} `json:"data"`
	}
	var pCode, cCode int
	var pErr, cErr error
	var pTook time.Duration
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		<-start
		t := time.Now()
		pCode, pErr = f.call(f.o.base, path+"/process", "", &processed)
		pTook = time.Since(t)
	}()
	go func() { defer wg.Done(); <-start; cCode, cErr = f.call(cancelBase, path+"/cancel", "", nil) }()
	close(start)
	wg.Wait()
	// The process may lose (409: cancelled first); the cancel never may: a
	// draft and a pending invoice can both be cancelled.
	if pErr == nil && pCode == 409 {
		f.stats.mu.Lock()
		f.stats.latencies = append(f.stats.latencies, pTook)
		f.stats.mu.Unlock()
	} else if f.record(pTook, "process", pCode, pErr, 200) {
		f.number(processed.Data.Number)
	}
	cancelled := f.ok("cancel", cCode, cErr, 200)
	f.stats.mu.Lock()
	defer f.stats.mu.Unlock()
	f.stats.races++
	if cancelled && pErr == nil && pCode == 200 {
		f.stats.both++
	} else if cancelled && pErr == nil && pCode == 409 {
		f.stats.cancelWon++
	}
}

func (f *filler) number(n string) {
	var seq int64 = -1 // no number: never consecutive
	if i := strings.LastIndex(n, "-"); i >= 0 {
		if parsed, err := strconv.ParseInt(n[i+1:], 10, 64); err == nil {
			seq = parsed
		}
	}
	f.stats.mu.Lock()
	f.stats.numbers = append(f.stats.numbers, seq)
	f.stats.mu.Unlock()
}

// ok counts a failed call; true when it got `want`.
func (f *filler) ok(what string, code int, err error, want int) bool {
	switch {
	case err != nil:
		f.stats.fail(what+": "+err.Error(), true)
	case code != want:
		f.stats.fail(fmt.Sprintf("%s: %d", what, code), code >= 500)
	default:
		return true
	}
	return false
}

// record is ok plus the call's latency when it succeeded.
func (f *filler) record(took time.Duration, what string, code int, err error, want int) bool {
	if !f.ok(what, code, err, want) {
		return false
	}
	f.stats.mu.Lock()
	f.stats.latencies = append(f.stats.latencies, took)
	f.stats.mu.Unlock()
	return true
}

// call POSTs and returns the status code; the body goes into `into` on 2xx.
func (f *filler) call(base, path, body string, into any) (int, error) {
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewBufferString(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Apikey "+f.o.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if into != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(raw, into); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

func (f *filler) writeJSON(took time.Duration) error {
	s := &f.stats
	sort.Slice(s.latencies, func(i, j int) bool { return s.latencies[i] < s.latencies[j] })
	pct := func(p float64) float64 {
		if len(s.latencies) == 0 {
			return 0
		}
		i := int(p*float64(len(s.latencies))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(s.latencies) {
			i = len(s.latencies) - 1
		}
		return float64(s.latencies[i].Microseconds()) / 1000
	}
	// Gap-free: the winners' numbers are consecutive and distinct.
	sort.Slice(s.numbers, func(i, j int) bool { return s.numbers[i] < s.numbers[j] })
	gapFree := true
	for i := 1; i < len(s.numbers); i++ {
		gapFree = gapFree && s.numbers[i] == s.numbers[i-1]+1
	}
	kinds := []string{}
	for k := range s.kinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(kinds) > 3 {
		kinds = kinds[:3]
	}
	out := map[string]any{
		"count":            len(s.latencies),
		"rps":              float64(len(s.latencies)) / took.Seconds(),
		"p50_ms":           pct(0.50),
		"p99_ms":           pct(0.99),
		"max_ms":           pct(1),
		"errors":           s.errors,
		"refused":          s.refused,
		"error_kinds":      kinds,
		"numbers_gap_free": gapFree,
	}
	if f.o.race {
		out["races"] = s.races
		out["race_cancel_first"] = s.cancelWon
		out["race_process_first"] = s.both
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return os.WriteFile(f.o.jsonPath, raw, 0o644)
}
