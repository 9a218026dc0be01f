package tests

import (
	"os"
	"testing"
)

// binary returns the program named by an environment variable
// (BILLING_SERVER_BIN, BILLING_GATEWAY_BIN; ctest sets both). Unset: the
// test is skipped (a plain `go test` in a dev loop); set but not an
// executable: the test fails.
func binary(t *testing.T, env string) string {
	t.Helper()
	p, ok := os.LookupEnv(env)
	if !ok {
		t.Skipf("%s is not set: skipping the checks that need the real binary", env)
	}
	st, err := os.Stat(p)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		t.Fatalf("%s=%q is not an executable file: %v", env, p, err)
	}
	return p
}

func serverBin(t *testing.T) string  { return binary(t, "BILLING_SERVER_BIN") }
func gatewayBin(t *testing.T) string { return binary(t, "BILLING_GATEWAY_BIN") }
