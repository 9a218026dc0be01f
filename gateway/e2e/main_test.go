package e2e

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// reached records every (status, errorCode) the tests got back.
var (
	reachedMu sync.Mutex
	reached   = map[string]bool{}
	// documentedOps are the operations of the served OpenAPI document;
	// succeededOps those a test got a 2xx from, from the real service.
	documentedOps = map[string]bool{}
	succeededOps  = map[string]bool{}
)

// fromService: the reply came through a gateway in front of the real
// billing-server (not the stub upstream).
func record(r *reply, fromService bool) {
	k := fmt.Sprintf("%d %s", r.Status, r.Env.GetErrorCode())
	reachedMu.Lock()
	reached[k] = true
	if fromService {
		reachedFromService[k] = true
	}
	reachedMu.Unlock()
}

// reachedFromService is the part of reached that the real service answered.
var reachedFromService = map[string]bool{}

// requiredFromService are the refusals of the authentication issue: the
// real service must produce each (the stub's 401/403/429 do not count).
var requiredFromService = []string{
	"401 MISSING_CREDENTIALS", "401 INVALID_CREDENTIALS", "401 TOKEN_EXPIRED",
	"403 INSUFFICIENT_SCOPE", "404 INVOICE_NOT_FOUND", "429 RATE_LIMITED",
}

// required is every status of the REST and authentication issues, with its
// errorCode: a full run must reach each of them through real HTTP.
var required = []string{
	"200 ", "201 ", "202 ", "204 ",
	"400 MALFORMED_JSON", "400 INVALID_PARAMETER", "400 VALIDATION_ERROR",
	"401 UNAUTHENTICATED", "403 PERMISSION_DENIED",
	"401 MISSING_CREDENTIALS", "401 INVALID_CREDENTIALS", "401 TOKEN_EXPIRED", "403 INSUFFICIENT_SCOPE",
	"404 ROUTE_NOT_FOUND", "404 UNKNOWN_API_VERSION", "404 CUSTOMER_NOT_FOUND", "404 INVOICE_NOT_FOUND", "404 REVENUE_CALCULATION_NOT_FOUND",
	"405 METHOD_NOT_ALLOWED", "406 NOT_ACCEPTABLE",
	"409 ALREADY_EXISTS", "409 INVALID_STATE_TRANSITION", "409 INVOICE_NOT_EDITABLE", "409 CUSTOMER_HAS_INVOICES", "409 ABORTED",
	"410 VERSION_SUNSET", "413 PAYLOAD_TOO_LARGE", "415 UNSUPPORTED_MEDIA_TYPE", "422 INVALID_BODY",
	"429 RATE_LIMITED", "500 INTERNAL", "500 RESPONSE_INVALID", "501 UNIMPLEMENTED",
	"503 UPSTREAM_UNAVAILABLE", "503 DATABASE_UNAVAILABLE", "504 UPSTREAM_TIMEOUT",
}

// notYetReachable are documented endpoints no test can get a 2xx from yet,
// each with why; an entry goes as soon as its endpoint can succeed.
var notYetReachable = map[string]string{}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	_, haveServer := os.LookupEnv("BILLING_SERVER_BIN")
	if code == 0 && haveServer && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		var missing []string
		for _, k := range required {
			if !reached[k] {
				missing = append(missing, k)
			}
		}
		for _, k := range requiredFromService {
			if !reachedFromService[k] {
				missing = append(missing, k+" from the real service")
			}
		}
		for op := range documentedOps {
			if !succeededOps[op] && notYetReachable[op] == "" {
				missing = append(missing, "endpoint "+op)
			}
		}
		sort.Strings(missing)
		if len(documentedOps) < 18 {
			missing = append(missing, fmt.Sprintf("only %d documented endpoints", len(documentedOps)))
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: not reached by any test: %s\n", strings.Join(missing, "; "))
			code = 1
		} else {
			fmt.Printf("e2e: all %d statuses of the issues (the %d auth refusals from the real service) and all %d endpoints reached through real HTTP\n", len(required), len(requiredFromService), len(documentedOps))
		}
	}
	os.Exit(code)
}
