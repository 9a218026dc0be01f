package tests

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The postgres overlay's pods with the real binaries, as the manifest starts
// them (init container, args, the Secret's DSN and password file, user
// 65532 on a read-only root), on the throwaway PostgreSQL of
// scripts/with-postgres.sh. Its role billing_scram must give a password
// (scram-sha-256), so a pod that gets in got it from the Secret's file.

const scramRole = "billing_scram"

// pgAdmin runs SQL as the test cluster's superuser; "" is its own database.
func pgAdmin(t *testing.T, database, sql string) string {
	t.Helper()
	uri := os.Getenv("BILLING_TEST_POSTGRES_URI")
	if uri == "" {
		t.Fatal("BILLING_TEST_POSTGRES_URI is not set: run through scripts/with-postgres.sh")
	}
	if database != "" {
		u, err := url.Parse(uri)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + database
		uri = u.String()
	}
	out, err := exec.Command("psql", uri, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql).CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// postgresSecret makes a fresh database owned by the password role and
// returns Secret billing-postgres's keys for it (the password only in
// pgpass, the one given or the role's).
func postgresSecret(t *testing.T, password string) (map[string]map[string]string, string) {
	t.Helper()
	buf := make([]byte, 16)
	rand.Read(buf)
	pw := hex.EncodeToString(buf)
	pgAdmin(t, "", fmt.Sprintf(`DO $$ BEGIN CREATE ROLE %s LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
ALTER ROLE %[1]s LOGIN PASSWORD '%s'`, scramRole, pw))
	db := fmt.Sprintf("lifecycle_%d", time.Now().UnixNano())
	pgAdmin(t, "", "CREATE DATABASE "+db+" OWNER "+scramRole)
	t.Cleanup(func() { pgAdmin(t, "", "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") })
	u, _ := url.Parse(os.Getenv("BILLING_TEST_POSTGRES_URI"))
	if password == "" {
		password = pw
	}
	return map[string]map[string]string{"billing-postgres": {
		"uri":    fmt.Sprintf("postgresql://%s@%s:%s/%s", scramRole, u.Hostname(), u.Port(), db),
		"pgpass": fmt.Sprintf("%s:%s:%s:%s:%s\n", u.Hostname(), u.Port(), db, scramRole, password),
	}}, db
}

// TestLifecyclePostgres: two replicas started together on one empty
// database both become ready after migrating it once; the README's
// `keys create` makes a key in one that works in both; what one writes the
// other reads; both leave readiness while the database refuses them and
// return by themselves; both exit 0 on SIGTERM.
func TestLifecyclePostgres(t *testing.T) {
	d := newPodDef(t, postgresOverlay)
	secrets, db := postgresSecret(t, "")
	// Two nodes (each its own ports and secret files), one database.
	worlds := []*world{newWorldWith(t, d, secrets), newWorldWith(t, d, secrets)}
	var pods []*pod
	for _, w := range worlds {
		p := w.newPod(d)
		p.runInitContainers()
		pods = append(pods, p)
	}
	for _, p := range pods {
		for _, c := range d.spec.Containers {
			p.startContainer(c.Name)
		}
	}
	for _, p := range pods {
		p.waitStarted()
		p.waitReady(30 * time.Second)
	}
	// Migrated once: each version recorded once (a second run of one would
	// have failed on its CREATE TABLE and stopped that replica).
	got := pgAdmin(t, db, "SELECT count(*), count(DISTINCT version), min(version), max(version) FROM schema_migrations")
	f := strings.Split(got, "|")
	if len(f) != 4 || f[0] != f[1] || f[2] != "1" || f[3] != f[0] || f[0] == "0" {
		t.Errorf("schema_migrations: count, distinct, min, max = %s", got)
	}
	if owner := pgAdmin(t, db, "SELECT tableowner FROM pg_tables WHERE tablename = 'invoices'"); owner != scramRole {
		t.Errorf("the tables belong to %q, want the Secret's role %s", owner, scramRole)
	}

	o := newOperator(t, worlds[0], d, pods[0])
	o.createAPIKeyWith(readmeCommand(t, "keys create", "BILLING_DB_URI"))
	worlds[1].apiKey = worlds[0].apiKey
	var ids []string
	for i, p := range pods {
		ids = append(ids, mustCreate(t, p.api(), fmt.Sprintf("Replica %d", i)))
	}
	for _, p := range pods {
		requireAll(t, p.api(), ids, "written through either replica")
	}
	checkReachAPI(t, pods[1])

	// The database refuses the role (as in a failover or a revoked login):
	// neither replica is ready, both stay alive; allowed again, both return.
	pgAdmin(t, "", "ALTER ROLE "+scramRole+" NOLOGIN; SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '"+scramRole+"'")
	for _, p := range pods {
		waitFor(t, 15*time.Second, "server not ready without its database", notPassing(p, "server", "readiness"))
		waitFor(t, 15*time.Second, "gateway not ready without the database", notPassing(p, "gateway", "readiness"))
		for _, c := range []string{"server", "gateway"} {
			if err := passing(p, c, "liveness")(); err != nil {
				t.Errorf("%s must stay alive while the database is away: %v", c, err)
			}
		}
	}
	pgAdmin(t, "", "ALTER ROLE "+scramRole+" LOGIN")
	for _, p := range pods {
		p.waitReady(20 * time.Second)
		requireAll(t, p.api(), ids, "after the database came back")
	}
	for _, p := range pods {
		t.Logf("exits after SIGTERM: %v", p.stop())
	}
}

// TestLifecyclePostgresWrongPassword: with a wrong password in the Secret
// the pod never becomes ready, and the server says why.
func TestLifecyclePostgresWrongPassword(t *testing.T) {
	d := newPodDef(t, postgresOverlay)
	secrets, _ := postgresSecret(t, "not-the-password")
	w := newWorldWith(t, d, secrets)
	p := w.newPod(d)
	p.runInitContainers()
	server := p.startContainer("server")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(server.stderr.String(), "password authentication failed") {
		if err := notPassing(p, "server", "readiness")(); err != nil {
			t.Fatalf("with a wrong password: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(server.stderr.String(), "password authentication failed") {
		t.Errorf("the server did not say the password was refused:\n%s", tail(server.stderr.String(), 2000))
	}
}
