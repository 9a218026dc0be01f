package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readme returns deploy/README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deployDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeCommands returns the shell commands of deploy/README.md: the lines of
// its ```sh blocks, with backslash continuations joined.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	return shellBlocks(t, readme(t))
}

// readmeSection returns the commands of the README section whose "## "
// heading starts with title, in order.
func readmeSection(t *testing.T, title string) []string {
	t.Helper()
	for _, part := range strings.Split(readme(t), "\n## ")[1:] {
		if strings.HasPrefix(part, title) {
			return shellBlocks(t, part)
		}
	}
	t.Fatalf("deploy/README.md has no section %q", title)
	return nil
}

func shellBlocks(t *testing.T, text string) []string {
	t.Helper()
	var out []string
	in := false
	pending := ""
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case !in && trimmed == "```sh":
			in = true
			continue
		case in && trimmed == "```":
			in = false
			continue
		case !in:
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			pending += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		cmd := strings.TrimSpace(pending + trimmed)
		pending = ""
		if cmd != "" && !strings.HasPrefix(cmd, "#") {
			out = append(out, cmd)
		}
	}
	if len(out) == 0 {
		t.Fatal("deploy/README.md has no ```sh blocks")
	}
	return out
}

// readmeCommand returns the one README command that contains every part.
func readmeCommand(t *testing.T, parts ...string) string {
	t.Helper()
	var found []string
	for _, c := range readmeCommands(t) {
		ok := true
		for _, p := range parts {
			if !strings.Contains(c, p) {
				ok = false
				break
			}
		}
		if ok {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("deploy/README.md: want exactly one command containing %q, found %d: %q", parts, len(found), found)
	}
	return found[0]
}

// shellWords splits a README command into words: quotes group, $var stays
// as written. Enough for the commands the README uses.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	quote := rune(0)
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote = r
			inWord = true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// secretCommands maps each Secret that deploy/README.md creates with
// `kubectl ... create secret generic NAME` to the keys its --from-file /
// --from-literal options give it.
func secretCommands(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, c := range readmeCommands(t) {
		// only the first command of a pipeline creates
		first := strings.Split(c, "|")[0]
		w := shellWords(first)
		if len(w) < 5 || w[0] != "kubectl" {
			continue
		}
		for i := 0; i+3 < len(w); i++ {
			if w[i] == "create" && w[i+1] == "secret" && w[i+2] == "generic" {
				name := w[i+3]
				for _, opt := range w[i+4:] {
					for _, p := range []string{"--from-file=", "--from-literal="} {
						if v, ok := strings.CutPrefix(opt, p); ok {
							key, _, hasKey := strings.Cut(v, "=")
							if !hasKey {
								key = filepath.Base(v)
							}
							out[name] = append(out[name], key)
						}
					}
				}
				if !strings.Contains(first, `-n "$ns"`) {
					t.Errorf("deploy/README.md: %q does not create the secret in the namespace $ns", first)
				}
			}
		}
	}
	return out
}

var nsAssignment = regexp.MustCompile(`(?m)^ns=(\S+)$`)

// TestReadmeNamespaces: the README's commands run in $ns; it is set to the
// prod overlay's namespace, and every overlay's namespace is named.
func TestReadmeNamespaces(t *testing.T) {
	text := readme(t)
	m := nsAssignment.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("deploy/README.md does not set ns=")
	}
	for _, o := range overlayNames(t) {
		b := renderOverlay(t, o)
		sts := b.statefulSet(t)
		if o == "prod" && m[1] != sts.Namespace {
			t.Errorf("README sets ns=%s, the prod overlay's namespace is %s", m[1], sts.Namespace)
		}
		if !strings.Contains(text, "`"+sts.Namespace+"`") {
			t.Errorf("README does not name overlay %s's namespace `%s`", o, sts.Namespace)
		}
		if !strings.Contains(text, "kubectl apply -k deploy/overlays/"+o) && !strings.Contains(text, "`deploy/overlays/"+o+"`") {
			t.Errorf("README does not say how to apply overlay %s", o)
		}
	}
	for _, c := range readmeCommands(t) {
		w := shellWords(c)
		if len(w) > 1 && w[0] == "kubectl" && w[1] != "-n" {
			switch w[1] {
			case "apply", "set", "create", "label":
				continue // cluster-scoped, local, or namespace from the manifests
			}
			t.Errorf("README command %q does not run in -n \"$ns\"", c)
		}
	}
}

// TestReadmeNamesMatchManifests: the names the README's commands use (pod,
// containers, claim, Service ports, database path) are the manifests'.
func TestReadmeNamesMatchManifests(t *testing.T) {
	text := readme(t)
	for _, o := range overlayNames(t) {
		b := renderOverlay(t, o)
		sts := b.statefulSet(t)
		pod := sts.Name + "-0"
		claim := sts.Spec.VolumeClaimTemplates[0].Name + "-" + pod
		for _, want := range []string{"pod is `" + pod + "`", "claim `" + claim + "`", "StatefulSet `" + sts.Name + "`"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: README should say %q", o, want)
			}
		}
		server := container(t, &sts.Spec.Template.Spec, "server")
		db, _ := flagValue(b.expandedArgs(t, server), "db")
		if !strings.Contains(text, "database is `"+db+"`") {
			t.Errorf("%s: README does not name the database %s", o, db)
		}
		for _, c := range readmeCommands(t) {
			if strings.Contains(c, "billing-0") && !strings.Contains(c, pod) {
				t.Errorf("README command %q: the pod is %s", c, pod)
			}
			// (the postgres overlay's commands take --db from BILLING_DB_URI)
			if strings.Contains(c, "billing-server ") && strings.Contains(c, "--db=") && !strings.Contains(c, "BILLING_DB_URI") {
				if v, _ := flagValue(shellWords(c), "db"); v != db {
					t.Errorf("README command %q: the manifest's database is %s", c, db)
				}
			}
			for _, w := range shellWords(c) {
				if strings.HasPrefix(w, "statefulset/") && w != "statefulset/"+sts.Name {
					t.Errorf("README command %q: the StatefulSet is %s", c, sts.Name)
				}
			}
		}
		// -c NAME names a container of the pod
		names := map[string]bool{}
		for _, c := range sts.Spec.Template.Spec.Containers {
			names[c.Name] = true
		}
		for _, c := range readmeCommands(t) {
			w := shellWords(c)
			// kubectl's own -c, before the command's `--`
			for i := 0; i+1 < len(w) && w[i] != "--"; i++ {
				if w[i] == "-c" && !names[w[i+1]] {
					t.Errorf("README command %q: no container %q in the pod", c, w[i+1])
				}
			}
		}
		spec := &sts.Spec.Template.Spec
		if want := "`terminationGracePeriodSeconds` (" + itoa(int(*spec.TerminationGracePeriodSeconds)) + ")"; !strings.Contains(text, want) {
			t.Errorf("%s: README should say %s", o, want)
		}
		for _, c := range spec.Containers {
			if want := "preStop pause (" + preStopPause(&c).String() + ")"; !strings.Contains(text, want) {
				t.Errorf("%s: README should say %s for container %s", o, want, c.Name)
			}
		}
		if sts.Spec.Template.Annotations["kubectl.kubernetes.io/default-container"] != "server" {
			t.Errorf("%s: README says `kubectl logs %s` without -c shows the server, but the default-container annotation is %q",
				o, pod, sts.Spec.Template.Annotations["kubectl.kubernetes.io/default-container"])
		}

		// port-forward svc/NAME LOCAL:PORTNAME...
		pf := readmeCommand(t, "port-forward")
		w := shellWords(pf)
		svcName := ""
		for _, x := range w {
			if s, ok := strings.CutPrefix(x, "svc/"); ok {
				svcName = s
			}
		}
		if _, ok := b.find("Service", svcName); !ok {
			t.Fatalf("%s: README port-forwards svc/%s, which is not in the set", o, svcName)
		}
		ports := map[string]int32{}
		for _, p := range b.services() {
			if p.Name == svcName {
				for _, sp := range p.Spec.Ports {
					ports[sp.Name] = sp.Port
				}
			}
		}
		for _, x := range w {
			local, name, ok := strings.Cut(x, ":")
			if !ok || strings.Contains(x, "/") {
				continue
			}
			port, has := ports[name]
			if !has {
				t.Errorf("%s: README port-forwards to port %q, not a port of Service %s", o, name, svcName)
				continue
			}
			if local != itoa(int(port)) {
				t.Errorf("%s: README forwards local %s to %s (%d): use the same number", o, local, name, port)
			}
			if !strings.Contains(text, "`"+name+"` ("+itoa(int(port))) {
				t.Errorf("%s: README should describe port `%s` (%d)", o, name, port)
			}
		}
	}
}

// TestReadmeSettingsTable: every setting in base/settings.env is in the
// README's table, with its base value.
func TestReadmeSettingsTable(t *testing.T) {
	text := readme(t)
	settings := readEnvFile(t, filepath.Join(deployDir, "base", "settings.env"))
	rows := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		names := regexp.MustCompile("`([A-Z0-9_]+)`").FindAllStringSubmatch(cells[1], -1)
		values := regexp.MustCompile("`([^`]*)`").FindAllStringSubmatch(cells[2], -1)
		for i, n := range names {
			v := ""
			if i < len(values) {
				v = values[i][1]
			}
			rows[n[1]] = v
		}
	}
	for k, v := range settings {
		got, ok := rows[k]
		if !ok {
			t.Errorf("setting %s (base/settings.env) is not in the README's settings table", k)
			continue
		}
		if got != "" && got != v {
			t.Errorf("README's table says %s is %q in base, base/settings.env says %q", k, got, v)
		}
	}
	for k := range rows {
		if _, ok := settings[k]; !ok {
			t.Errorf("README's settings table names %s, which base/settings.env does not have", k)
		}
	}
}

// TestReadmeNeverAdvisesCopyingTheLiveDatabase: every `kubectl cp` out of
// the billing pod copies a backup file, never billing.db itself.
func TestReadmeNeverAdvisesCopyingTheLiveDatabase(t *testing.T) {
	for _, c := range readmeCommands(t) {
		w := shellWords(c)
		if len(w) < 2 || w[0] != "kubectl" || !contains(w, "cp") {
			continue
		}
		for _, x := range w {
			if strings.HasPrefix(x, "billing-0:") && (strings.HasSuffix(x, ".db") && strings.Contains(x, "/billing.db") ||
				strings.Contains(x, "billing.db-wal")) {
				t.Errorf("README copies the live database file: %q", c)
			}
		}
		if contains(w, "billing-0:/var/lib/billing/$backup") || contains(w, "./$backup") {
			continue
		}
		// the PostgreSQL password file, into the helper pod (PostgreSQL section)
		if contains(w, "./billing.pgpass") && contains(w, "billing-restore:/tmp/pgpass") {
			continue
		}
		t.Errorf("README command %q copies something other than a backup file", c)
	}
}

func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: %q is not NAME=VALUE", path, line)
		}
		out[k] = v
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }
