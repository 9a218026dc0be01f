// Command fill creates invoices through the REST gateway with many callers at
// once, so the benchmark's data goes through the service's own code and
// storage, exactly as a client's would. Each invoice has one line over a
// three-month service period; -process also moves it to pending, which is
// what revenue recognition counts. -ids writes the new invoices' ids, one a
// line (the benchmark processes prepared drafts with them).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
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
}

type filler struct {
	o      options
	client *http.Client
	next   atomic.Int64
	done   atomic.Int64
	failed atomic.Bool
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
	body := fmt.Sprintf(`{"customerId":%q,"dueDate":"2027-01-31","lineItems":[`+
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
