package tests

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// api calls the REST API of a pod through its gateway, with the API key the
// README's command made (when the server has keys).
type api struct {
	base   string
	key    string
	client *http.Client
}

func (p *pod) api() *api {
	return &api{base: p.baseURL(), key: p.w.apiKey, client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
}

func (a *api) do(method, path string, body any) (int, map[string]any, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.key != "" {
		req.Header.Set("Authorization", "Apikey "+a.key)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil {
		return resp.StatusCode, nil, fmt.Errorf("%s %s: %d, not JSON: %q", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, env, nil
}

// errRateLimited: the service answered 429 (the credential's rate limit);
// the write was not made.
var errRateLimited = errors.New("rate limited (429)")

// createCustomer creates one customer; the returned id is set only when the
// write was acknowledged (201 with the customer in the envelope's data).
func (a *api) createCustomer(name string) (string, error) {
	status, env, err := a.do("POST", "/api/v1/customers", map[string]string{
		"name": name, "email": strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com", "defaultCurrency": "USD",
	})
	if err != nil {
		return "", err
	}
	if status == http.StatusTooManyRequests {
		return "", errRateLimited
	}
	data, _ := env["data"].(map[string]any)
	id, _ := data["id"].(string)
	if status != http.StatusCreated || id == "" {
		return "", fmt.Errorf("POST /api/v1/customers: %d %v", status, env)
	}
	return id, nil
}

// customerExists: GET /api/v1/customers/{id} answers 200 with that id.
func (a *api) customerExists(id string) (bool, error) {
	status, env, err := a.do("GET", "/api/v1/customers/"+id, nil)
	// over the credential's rate limit: wait and ask again
	for tries := 0; err == nil && status == http.StatusTooManyRequests && tries < 200; tries++ {
		time.Sleep(50 * time.Millisecond)
		status, env, err = a.do("GET", "/api/v1/customers/"+id, nil)
	}
	if err != nil {
		return false, err
	}
	switch status {
	case http.StatusOK:
		data, _ := env["data"].(map[string]any)
		return data["id"] == id, nil
	case http.StatusNotFound:
		return false, nil
	}
	return false, fmt.Errorf("GET customer %s: %d %v", id, status, env)
}

func mustCreate(t *testing.T, a *api, name string) string {
	t.Helper()
	id, err := a.createCustomer(name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// requireAll fails unless every id is there.
func requireAll(t *testing.T, a *api, ids []string, what string) {
	t.Helper()
	missing := 0
	for _, id := range ids {
		ok, err := a.customerExists(id)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			missing++
			t.Errorf("%s: acknowledged customer %s is missing", what, id)
		}
	}
	if missing == 0 {
		t.Logf("%s: all %d acknowledged customers present", what, len(ids))
	}
}

// openDB opens a SQLite file with the pure-Go driver (the test's own
// connection, not the server's).
func openDB(t *testing.T, path string, readOnly bool) *sql.DB {
	t.Helper()
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)"
	if readOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// integrityCheck runs PRAGMA integrity_check on a database file.
func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db := openDB(t, path, true)
	defer db.Close()
	var rows []string
	r, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer r.Close()
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, s)
	}
	return strings.Join(rows, "; ")
}

// jsonLines parses every non-empty line of a log as one JSON object.
func jsonLines(t *testing.T, what, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("%s: a log line is not one JSON object: %q", what, line)
			continue
		}
		out = append(out, m)
	}
	return out
}
