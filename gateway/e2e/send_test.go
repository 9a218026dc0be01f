package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startSMTPReceiver runs tests/receivers/smtp_server.py (aiosmtpd, from the
// venv ctest's delivery_venv fixture makes), which saves each message it is
// handed as a file in the returned folder; it answers on the returned port.
func startSMTPReceiver(t *testing.T) (port int, dir string) {
	t.Helper()
	python, receivers := os.Getenv("BILLING_TEST_PYTHON"), os.Getenv("BILLING_RECEIVERS_DIR")
	if python == "" || receivers == "" {
		t.Fatalf("BILLING_TEST_PYTHON and BILLING_RECEIVERS_DIR must name the test venv's python and tests/receivers (ctest sets them)")
	}
	dir = filepath.Join(t.TempDir(), "mail")
	cmd := exec.Command(python, filepath.Join(receivers, "smtp_server.py"), "--out", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the SMTP receiver: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		if _, err := fmt.Sscanf(l, "LISTENING %d", &port); err != nil {
			t.Fatalf("the SMTP receiver said %q", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the SMTP receiver did not start within 20 s")
	}
	return port, dir
}

// mailsNaming counts the messages in the receiver's folder (one directory
// each, renamed into place whole) whose text part names `text`.
func mailsNaming(dir, text string) int {
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue // still being written
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), "text.txt"))
		if err == nil && strings.Contains(string(b), text) {
			n++
		}
	}
	return n
}

// waitForMails waits up to 30 s for `want` messages naming `text`.
func waitForMails(t *testing.T, dir, text string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for mailsNaming(dir, text) < want {
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s the SMTP server holds %d messages naming %s, want %d", mailsNaming(dir, text), text, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// POST /send on an issued invoice, with SMTP configured: 200 with the email
// queued again, and the customer receives it a second time (the first was
// sent when the invoice was processed), saying what is due.
func TestSendEmailsAnIssuedInvoice(t *testing.T) {
	port, dir := startSMTPReceiver(t)
	e := newEnvWith(t, []string{fmt.Sprintf("--smtp_url=smtp://127.0.0.1:%d", port),
		"--smtp_from=billing@billing.test"}, nil)
	acme := e.createCustomer("Acme Mail", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"55.00","dueDate":"2099-12-31"}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")
	waitForMails(t, dir, "55.00", 1)
	sent := e.invoiceAction(inv.Id, "send")
	expect(t, sent, http.StatusOK, "")
	if !strings.Contains(string(sent.Body), `"deliveryStatus":"queued"`) {
		t.Errorf("send: %s", sent.Body)
	}
	waitForMails(t, dir, "55.00", 2)
}
