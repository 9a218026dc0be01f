package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
)

// The lifecycle tests run each program the way its container would: as the
// pod's user and group, with only its volumes writable and the rest of the
// filesystem read-only (readOnlyRootFilesystem). That takes a private mount
// namespace and dropping root, so it needs the tests to run as root (as
// ctest does on the project's machines); elsewhere the programs run as the
// current user with a writable filesystem, and the test says so.
//
// The test binary re-executes itself as the sandbox: in a new mount
// namespace it bind-mounts the writable directories onto themselves,
// remounts / read-only, drops to the pod's uid/gid and execs the program
// (same pid, so signals reach the program).

const sandboxSpecEnv = "BILLING_DEPLOY_SANDBOX_SPEC"

type sandboxSpec struct {
	Argv   []string `json:"argv"`
	Env    []string `json:"env"`
	Dir    string   `json:"dir"`
	RW     []string `json:"rw"`
	UID    int      `json:"uid"`
	GID    int      `json:"gid"`
	Groups []int    `json:"groups"`
}

func TestMain(m *testing.M) {
	if spec := os.Getenv(sandboxSpecEnv); spec != "" {
		sandboxMain(spec) // never returns
	}
	os.Exit(m.Run())
}

func sandboxMain(specJSON string) {
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "sandbox: "+format+"\n", args...)
		os.Exit(126)
	}
	var s sandboxSpec
	if err := json.Unmarshal([]byte(specJSON), &s); err != nil {
		fail("%v", err)
	}
	for _, d := range s.RW {
		if err := syscall.Mount(d, d, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
			fail("bind %s: %v", d, err)
		}
	}
	if err := syscall.Mount("none", "/", "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		fail("remount / read-only: %v", err)
	}
	if err := os.Chdir(s.Dir); err != nil {
		fail("chdir: %v", err)
	}
	if err := syscall.Setgroups(s.Groups); err != nil {
		fail("setgroups: %v", err)
	}
	if err := syscall.Setgid(s.GID); err != nil {
		fail("setgid: %v", err)
	}
	if err := syscall.Setuid(s.UID); err != nil {
		fail("setuid: %v", err)
	}
	err := syscall.Exec(s.Argv[0], s.Argv, s.Env)
	fail("exec %s: %v", s.Argv[0], err)
}

var (
	sandboxOnce sync.Once
	sandboxErr  error
)

// sandboxAvailable reports whether programs can be run sandboxed here (and
// proves that the sandbox holds: / is read-only in it, the rw directory
// writable, the user is the one asked for).
func sandboxAvailable(t *testing.T) bool {
	t.Helper()
	sandboxOnce.Do(func() {
		if os.Geteuid() != 0 {
			sandboxErr = fmt.Errorf("not running as root")
			return
		}
		dir, err := os.MkdirTemp("", "billing-sandbox-check-")
		if err != nil {
			sandboxErr = err
			return
		}
		defer os.RemoveAll(dir)
		if err := os.Chown(dir, 65532, 65532); err != nil {
			sandboxErr = err
			return
		}
		script := `set -e
test "$(id -u):$(id -g)" = "65532:65532"
touch "$1/ok"
if touch /billing-sandbox-must-fail 2>/dev/null; then echo "/ is writable"; exit 1; fi
if touch "$2/billing-sandbox-must-fail" 2>/dev/null; then echo "the temp dir is writable"; exit 1; fi`
		parent := os.TempDir()
		cmd := sandboxCommand(sandboxSpec{
			Argv: []string{"/bin/sh", "-c", script, "sh", dir, parent},
			Env:  []string{"PATH=/usr/bin:/bin"},
			Dir:  "/", RW: []string{dir}, UID: 65532, GID: 65532, Groups: []int{65532},
		})
		out, err := cmd.CombinedOutput()
		if err != nil {
			sandboxErr = fmt.Errorf("sandbox check: %v: %s", err, out)
			return
		}
		if _, err := os.Stat(dir + "/ok"); err != nil {
			sandboxErr = fmt.Errorf("sandbox check: the writable directory was not written: %v", err)
		}
	})
	if sandboxErr != nil {
		if os.Getenv("BILLING_DEPLOY_REQUIRE_SANDBOX") == "1" {
			t.Fatalf("the lifecycle must run the programs as the pod's user on a read-only root filesystem, and cannot: %v", sandboxErr)
		}
		t.Logf("NOTE: running the programs as the current user on a writable filesystem (%v)", sandboxErr)
		return false
	}
	return true
}

// sandboxCommand returns the command that runs spec in the sandbox.
func sandboxCommand(spec sandboxSpec) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	b, err := json.Marshal(spec)
	if err != nil {
		panic(err)
	}
	cmd := exec.Command(self)
	cmd.Env = []string{sandboxSpecEnv + "=" + string(b)}
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	return cmd
}
