package tests

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerfile is one parsed Dockerfile of deploy/, parsed by BuildKit's own
// parser (what `docker build` uses).
type dockerfile struct {
	name   string // e.g. server.Dockerfile
	text   string
	stages []instructions.Stage
}

func parseDockerfile(t *testing.T, name string) *dockerfile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deployDir, name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := parser.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, w := range res.Warnings {
		t.Errorf("%s: %s", name, w.Short)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(stages) < 2 {
		t.Fatalf("%s: want a multi-stage build, have %d stage(s)", name, len(stages))
	}
	return &dockerfile{name: name, text: string(b), stages: stages}
}

func (d *dockerfile) final() *instructions.Stage { return &d.stages[len(d.stages)-1] }

// dockerfiles lists deploy/*.Dockerfile.
func dockerfiles(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(deployDir, "*.Dockerfile"))
	if err != nil || len(m) != 2 {
		t.Fatalf("want deploy/server.Dockerfile and deploy/gateway.Dockerfile, have %v (%v)", m, err)
	}
	var out []string
	for _, p := range m {
		out = append(out, filepath.Base(p))
	}
	return out
}

// imageDockerfiles maps each image name (billing-server, billing-gateway)
// to the Dockerfile the README builds it with:
// docker build -f deploy/X.Dockerfile -t ".../NAME:TAG" .
func imageDockerfiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range readmeCommands(t) {
		w := shellWords(c)
		if len(w) < 2 || w[0] != "docker" || w[1] != "build" {
			continue
		}
		var file, tag string
		for i := 0; i+1 < len(w); i++ {
			switch w[i] {
			case "-f":
				file = w[i+1]
			case "-t":
				tag = w[i+1]
			}
		}
		if w[len(w)-1] != "." {
			t.Errorf("README: %q must build with the repository root as context", c)
		}
		repo, _, _ := imageRef(tag)
		out[path.Base(repo)] = filepath.Base(file)
		if !strings.HasPrefix(file, "deploy/") {
			t.Errorf("README: %q: -f must name a file in deploy/", c)
		}
	}
	return out
}

// entrypoint returns the final stage's ENTRYPOINT, failing unless it is in
// exec (JSON) form.
func (d *dockerfile) entrypoint(t *testing.T) []string {
	t.Helper()
	var ep *instructions.EntrypointCommand
	for _, c := range d.final().Commands {
		if e, ok := c.(*instructions.EntrypointCommand); ok {
			ep = e
		}
	}
	if ep == nil {
		t.Fatalf("%s: no ENTRYPOINT", d.name)
	}
	if ep.PrependShell {
		t.Fatalf("%s: ENTRYPOINT %q is in shell form: /bin/sh would be PID 1 and SIGTERM would not reach the program", d.name, ep.CmdLine)
	}
	return ep.CmdLine
}

var numericUser = regexp.MustCompile(`^(\d+)(?::(\d+))?$`)

func TestDockerfiles(t *testing.T) {
	images := imageDockerfiles(t)
	prod := renderOverlay(t, "prod")
	sts := prod.statefulSet(t)
	podUser := *sts.Spec.Template.Spec.SecurityContext.RunAsUser
	text := readme(t)
	for _, name := range dockerfiles(t) {
		t.Run(name, func(t *testing.T) {
			d := parseDockerfile(t, name)
			image := ""
			for img, f := range images {
				if f == name {
					image = img
				}
			}
			if image == "" {
				t.Fatalf("deploy/README.md has no `docker build -f deploy/%s -t ...` command", name)
			}

			// Pinned bases: every FROM that is not an earlier stage names a
			// tag other than latest, or a digest; no build-arg in FROM.
			stageNames := map[string]bool{}
			for _, s := range d.stages {
				base := s.BaseName
				if strings.Contains(base, "$") {
					t.Errorf("FROM %s: a build argument makes the base unpinned", base)
				}
				if !stageNames[base] {
					if why := pinned(base); why != "" {
						t.Errorf("FROM %s is not pinned: %s", base, why)
					}
				}
				if s.Name != "" {
					stageNames[s.Name] = true
				}
				for _, c := range s.Commands {
					if cp, ok := c.(*instructions.CopyCommand); ok && cp.From != "" && !stageNames[cp.From] {
						if why := pinned(cp.From); why != "" {
							t.Errorf("COPY --from=%s is not pinned: %s", cp.From, why)
						}
					}
				}
			}

			// The build stage runs the repository's own build script.
			build := d.stages[len(d.stages)-2]
			var runs []string
			for _, c := range build.Commands {
				if r, ok := c.(*instructions.RunCommand); ok {
					runs = append(runs, strings.Join(r.CmdLine, " "))
				}
			}
			if !containsWord(runs, "scripts/build.sh") {
				t.Errorf("the build stage must RUN scripts/build.sh (the README's build), runs %q", runs)
			}

			// Non-root, numeric (so runAsNonRoot can check it), the pod's uid.
			final := d.final()
			user := ""
			for _, c := range final.Commands {
				if u, ok := c.(*instructions.UserCommand); ok {
					user = u.User
				}
			}
			m := numericUser.FindStringSubmatch(user)
			if m == nil {
				t.Fatalf("the image's USER %q must be a numeric uid[:gid]", user)
			}
			if m[1] == "0" || m[2] == "0" {
				t.Errorf("USER %s is root", user)
			}
			if m[1] != strconv.FormatInt(podUser, 10) {
				t.Errorf("USER %s is not the pod's runAsUser %d", user, podUser)
			}

			// Exec-form ENTRYPOINT naming the binary copied from the build
			// stage, which is where scripts/build.sh puts it.
			ep := d.entrypoint(t)
			if len(ep) != 1 || path.Base(ep[0]) != image {
				t.Errorf("ENTRYPOINT %q: want exactly the %s binary", ep, image)
			}
			workdir := ""
			for _, c := range build.Commands {
				if w, ok := c.(*instructions.WorkdirCommand); ok {
					workdir = w.Path
				}
			}
			copied := false
			for _, c := range final.Commands {
				switch c := c.(type) {
				case *instructions.CopyCommand:
					if c.From == build.Name && len(c.SourcePaths) == 1 &&
						c.SourcePaths[0] == path.Join(workdir, "build/bin", image) && c.DestPath == ep[0] {
						copied = true
					}
				case *instructions.CmdCommand:
					if c.PrependShell {
						t.Errorf("CMD %q is in shell form", c.CmdLine)
					}
				case *instructions.RunCommand:
					if final.BaseName != "" && strings.Contains(final.BaseName, "distroless") {
						t.Errorf("a distroless stage has no shell to RUN %q", c.CmdLine)
					}
				}
			}
			if !copied {
				t.Errorf("the final stage must COPY --from=%s %s %s", build.Name, path.Join(workdir, "build/bin", image), ep[0])
			}

			// EXPOSE matches the manifest's container ports.
			var exposed []string
			for _, c := range final.Commands {
				if e, ok := c.(*instructions.ExposeCommand); ok {
					exposed = append(exposed, e.Ports...)
				}
			}
			var ports []string
			for _, c := range sts.Spec.Template.Spec.Containers {
				repo, _, _ := imageRef(c.Image)
				if path.Base(repo) == image {
					for _, p := range c.Ports {
						ports = append(ports, strconv.Itoa(int(p.ContainerPort)))
					}
				}
			}
			sort.Strings(exposed)
			sort.Strings(ports)
			if strings.Join(exposed, ",") != strings.Join(ports, ",") || len(ports) == 0 {
				t.Errorf("EXPOSE %v, the manifest's container ports are %v", exposed, ports)
			}

			// The README names the base the image runs on.
			if !strings.Contains(text, "`"+final.BaseName+"`") {
				t.Errorf("deploy/README.md does not name the runtime base %s", final.BaseName)
			}
			switch image {
			case "billing-gateway":
				if !strings.HasPrefix(final.BaseName, "gcr.io/distroless/static") && final.BaseName != "scratch" {
					t.Errorf("the gateway runs on distroless static or scratch, not %s", final.BaseName)
				}
				if !strings.Contains(envOf(build), "CGO_ENABLED=0") {
					t.Errorf("the gateway's build stage must set CGO_ENABLED=0 (a static binary)")
				}
			case "billing-server":
				repo, tag, _ := imageRef(final.BaseName)
				brepo, btag, _ := imageRef(build.BaseName)
				if repo != "debian" || brepo != "debian" || tag != btag+"-slim" {
					t.Errorf("the server builds on debian:X and runs on debian:X-slim (same release, which has tar for kubectl cp), not %s / %s", build.BaseName, final.BaseName)
				}
			}
		})
	}
}

func envOf(s instructions.Stage) string {
	var parts []string
	for _, c := range s.Commands {
		if e, ok := c.(*instructions.EnvCommand); ok {
			for _, kv := range e.Env {
				parts = append(parts, kv.Key+"="+kv.Value)
			}
		}
	}
	return strings.Join(parts, " ")
}

func containsWord(lines []string, word string) bool {
	for _, l := range lines {
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '&' || r == ';' || r == '|' }) {
			if w == word || w == "./"+word {
				return true
			}
		}
	}
	return false
}

// TestBuildScriptIsTheReadmes: scripts/build.sh, which both Dockerfiles run,
// is the build behind the commands of the top-level README, and it puts the
// binaries where the Dockerfiles copy them from.
func TestBuildScriptIsTheReadmes(t *testing.T) {
	top, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`scripts/[a-z-]+\.sh`).FindAllString(string(top), -1)
	if len(used) == 0 {
		t.Fatal("the top-level README names no scripts/*.sh")
	}
	seen := map[string]bool{}
	for _, s := range used {
		if seen[s] {
			continue
		}
		seen[s] = true
		b, err := os.ReadFile(filepath.Join(repoRoot, s))
		if err != nil {
			t.Errorf("the README names %s: %v", s, err)
			continue
		}
		// with-postgres.sh builds nothing: it runs a command (ctest) beside
		// a throwaway PostgreSQL.
		if s != "scripts/build.sh" && s != "scripts/with-postgres.sh" &&
			!strings.Contains(string(b), "scripts/build.sh") {
			t.Errorf("%s (from the README) does not build with scripts/build.sh", s)
		}
	}
	build, err := os.ReadFile(filepath.Join(repoRoot, "scripts/build.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`-B build\b`).Match(build) {
		t.Errorf("scripts/build.sh no longer builds into build/: the Dockerfiles copy from build/bin")
	}
	cm, err := os.ReadFile(filepath.Join(repoRoot, "CMakeLists.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cm), "set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)") {
		t.Errorf("CMakeLists.txt no longer puts binaries in build/bin")
	}
	// Both images build in one identical stage (so the second build is a
	// cache hit, and the two images come from one build).
	var stages []string
	for _, name := range dockerfiles(t) {
		d := parseDockerfile(t, name)
		var sb strings.Builder
		for _, s := range d.stages[:len(d.stages)-1] {
			sb.WriteString(s.SourceCode + "\n")
			for _, c := range s.Commands {
				sb.WriteString(c.(interface{ String() string }).String() + "\n")
			}
		}
		stages = append(stages, sb.String())
	}
	if stages[0] != stages[1] {
		t.Errorf("the build stages of the two Dockerfiles differ:\n%s\n---\n%s", stages[0], stages[1])
	}
	// The Go toolchain of the build stage is the one this repository's Go
	// modules are tested with.
	goVersion, err := exec.Command(goBin(), "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "golang:" + strings.TrimPrefix(strings.TrimSpace(string(goVersion)), "go") + "-bookworm"
	for _, name := range dockerfiles(t) {
		if !strings.Contains(parseDockerfile(t, name).text, "FROM "+want+" ") {
			t.Errorf("%s: the Go toolchain should be %s (the one tests run with)", name, want)
		}
	}
}

func goBin() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

// TestDockerignore: the build context leaves out git, build trees, generated
// code, node_modules, local databases and the local dev API key, and keeps
// every tracked file the build needs.
func TestDockerignore(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	excluded := func(p string) bool {
		ok, err := pm.MatchesOrParentMatches(p)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for _, p := range []string{".git", ".git/config", "build", "build/bin/billing-server", "build-gw/CMakeCache.txt",
		"gateway/gen/billing/v1/customer.pb.go", "gateway/docsui/node_modules/swagger-ui-dist/package.json",
		"billing.db", "billing.db-wal", "data/billing.db-shm", ".dev-api-key"} {
		if !excluded(p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
	out, err := exec.Command("git", "-C", repoRoot, "ls-files").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	n := 0
	for _, p := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p == ".dockerignore" || p == ".gitignore" {
			continue
		}
		n++
		if excluded(p) {
			t.Errorf(".dockerignore leaves out %s, which is tracked (the build may need it)", p)
		}
	}
	if n < 10 {
		t.Errorf("git ls-files listed only %d files", n)
	}
}

// TestServerImageRuntimeLibraries: the server image's runtime packages
// provide every shared library the real billing-server links (ldd), with
// the libraries debian:*-slim already has; no -dev package, no package
// that provides none of them.
func TestServerImageRuntimeLibraries(t *testing.T) {
	bin := serverBin(t)
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Fatalf("this check needs Debian's dpkg (the project builds on Debian bookworm): %v", err)
	}
	d := parseDockerfile(t, "server.Dockerfile")
	var installed []string
	for _, c := range d.final().Commands {
		r, ok := c.(*instructions.RunCommand)
		if !ok {
			continue
		}
		words := strings.Fields(strings.ReplaceAll(strings.Join(r.CmdLine, " "), "\\", " "))
		for i, w := range words {
			if w != "install" || i == 0 || !strings.HasSuffix(words[i-1], "apt-get") {
				continue
			}
			for _, p := range words[i+1:] {
				if p == "&&" {
					break
				}
				if !strings.HasPrefix(p, "-") {
					installed = append(installed, p)
				}
			}
		}
	}
	if len(installed) == 0 {
		t.Fatal("the server's runtime stage installs no package")
	}
	// Already in debian:bookworm-slim (apt itself depends on them).
	base := map[string]bool{"libc6": true, "libgcc-s1": true, "libstdc++6": true, "zlib1g": true}

	// Close the installed set over Depends (as apt-get would).
	closure := map[string]bool{}
	var visit func(p string)
	visit = func(p string) {
		if closure[p] {
			return
		}
		closure[p] = true
		out, err := exec.Command("dpkg-query", "-W", "-f=${Depends}", p).Output()
		if err != nil {
			t.Errorf("package %s is not installed here, so its name cannot be checked: %v", p, err)
			return
		}
		for _, dep := range strings.Split(string(out), ",") {
			alt := strings.TrimSpace(strings.Split(dep, "|")[0])
			if alt == "" {
				continue
			}
			name := strings.Fields(alt)[0]
			name, _, _ = strings.Cut(name, ":")
			visit(name)
		}
	}
	for _, p := range installed {
		if strings.HasSuffix(p, "-dev") {
			t.Errorf("runtime stage installs development package %s", p)
		}
		visit(p)
	}

	// Every library loaded (ldd: direct and transitive) comes with the
	// installed packages or the base.
	out, err := exec.Command("ldd", bin).Output()
	if err != nil {
		t.Fatalf("ldd %s: %v", bin, err)
	}
	pathOf := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		name, rest, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 || !strings.HasPrefix(f[0], "/") {
			t.Errorf("ldd: unresolved library: %s", strings.TrimSpace(line))
			continue
		}
		pathOf[strings.TrimSpace(name)] = f[0]
		if pkg := packageOf(t, f[0]); !closure[pkg] && !base[pkg] {
			t.Errorf("billing-server loads %s (package %s), which the image's runtime packages do not install", f[0], pkg)
		}
	}
	// The libraries it links directly (DT_NEEDED) come from packages the
	// Dockerfile names itself, not by accident of another's dependencies;
	// and it names no package that provides none of them.
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	needed, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	direct := map[string]bool{}
	for _, lib := range needed {
		p, ok := pathOf[lib]
		if !ok {
			t.Errorf("ldd did not resolve %s", lib)
			continue
		}
		pkg := packageOf(t, p)
		direct[pkg] = true
		if !base[pkg] && !contains(installed, pkg) {
			t.Errorf("billing-server links %s directly; the runtime stage must install its package %s", lib, pkg)
		}
	}
	for _, p := range installed {
		if !direct[p] && runtimeData[p] == "" {
			t.Errorf("runtime package %s provides no library billing-server links: only runtime libraries belong in the image", p)
		}
	}
}

// runtimeData are the server image's packages that provide files
// billing-server reads by path rather than libraries it links.
var runtimeData = map[string]string{
	"fonts-dejavu-core": "the invoice PDF's fonts, loaded from BILLING_PDF_FONT_DIR (src/documents/pdf)",
}

func packageOf(t *testing.T, lib string) string {
	t.Helper()
	candidates := []string{lib}
	if r, err := filepath.EvalSymlinks(lib); err == nil {
		candidates = append(candidates, r)
	}
	for _, c := range append([]string{}, candidates...) {
		if s, ok := strings.CutPrefix(c, "/usr"); ok {
			candidates = append(candidates, s)
		} else {
			candidates = append(candidates, "/usr"+c)
		}
	}
	for _, c := range candidates {
		out, err := exec.Command("dpkg-query", "-S", c).Output()
		if err == nil {
			pkg, _, _ := strings.Cut(strings.TrimSpace(string(out)), ":")
			return pkg
		}
	}
	t.Errorf("no Debian package owns %s", lib)
	return lib
}

// TestGatewayBuildsStatic: the gateway module, built with CGO_ENABLED=0 as
// the gateway image's build stage does, is a static executable (no ELF
// interpreter, no shared libraries), so it runs on distroless static.
func TestGatewayBuildsStatic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gateway")
	}
	gw := filepath.Join(repoRoot, "gateway")
	if _, err := os.Stat(filepath.Join(gw, "gen")); err != nil {
		t.Fatalf("gateway/gen is missing: build the project first (scripts/build.sh): %v", err)
	}
	out := filepath.Join(t.TempDir(), "billing-gateway")
	cmd := exec.Command(goBin(), "build", "-trimpath", "-buildvcs=false", "-o", out, "./cmd/billing-gateway")
	cmd.Dir = gw
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("the gateway built with CGO_ENABLED=0 still has an ELF interpreter (dynamically linked)")
		}
	}
	if libs, err := f.ImportedLibraries(); err == nil && len(libs) > 0 {
		t.Errorf("the gateway built with CGO_ENABLED=0 needs shared libraries %v", libs)
	}
}
