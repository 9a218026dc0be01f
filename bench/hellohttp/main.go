// Command hellohttp is the benchmark's HTTP baseline: a plain net/http server
// that answers every request with a JSON envelope the size and shape of the
// gateway's answer for one invoice, encoded per request like the gateway does.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

type lineItem struct {
	Description        string `json:"description"`
	Quantity           string `json:"quantity"`
	UnitAmount         string `json:"unitAmount"`
	Amount             string `json:"amount"`
	ServicePeriodStart string `json:"servicePeriodStart"`
	ServicePeriodEnd   string `json:"servicePeriodEnd"`
}

type invoice struct {
	ID         string     `json:"id"`
	CustomerID string     `json:"customerId"`
	Currency   string     `json:"currency"`
	Amount     string     `json:"amount"`
	Status     string     `json:"status"`
	DueDate    string     `json:"dueDate"`
	Notes      string     `json:"notes"`
	LineItems  []lineItem `json:"lineItems"`
	CreateTime string     `json:"createTime"`
	UpdateTime string     `json:"updateTime"`
}

// envelope mirrors the gateway's Envelope field for field.
type envelope struct {
	Timestamp  string  `json:"timestamp"`
	Success    bool    `json:"success"`
	Message    string  `json:"message"`
	ErrorCode  string  `json:"errorCode"`
	Page       int32   `json:"page"`
	PageSize   int32   `json:"pageSize"`
	TotalItems int64   `json:"totalItems"`
	TotalPage  int32   `json:"totalPage"`
	Type       string  `json:"type"`
	Data       invoice `json:"data"`
	RequestID  string  `json:"requestId"`
}

func handle(w http.ResponseWriter, _ *http.Request) {
	now := time.Now().UTC()
	body, err := json.Marshal(envelope{
		Timestamp: now.Format("2006-01-02T15:04:05.000Z07:00"),
		Success:   true,
		Message:   "Invoice retrieved",
		Type:      "Invoice",
		Data: invoice{
			ID: "inv_01JBENCHHELLOWORLD0000000", CustomerID: "cus_01JBENCHHELLOWORLD0000000",
			Currency: "USD", Amount: "300.00", Status: "draft", DueDate: "2099-01-31",
			LineItems: []lineItem{{
				Description: "Support, Q1", Quantity: "3", UnitAmount: "100.00", Amount: "300.00",
				ServicePeriodStart: "2026-01-01", ServicePeriodEnd: "2026-03-31",
			}},
			CreateTime: now.Format(time.RFC3339Nano), UpdateTime: now.Format(time.RFC3339Nano),
		},
		RequestID: "req_01JBENCHHELLOWORLD0000000",
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "HOST:PORT to serve on (port 0: any free port)")
	flag.Parse()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	// The same "port" field billing-server logs, so bench.sh reads both alike.
	fmt.Fprintf(os.Stderr, "{\"msg\":\"hellohttp listening\",\"port\":%d}\n", ln.Addr().(*net.TCPAddr).Port)
	log.Fatal(http.Serve(ln, http.HandlerFunc(handle)))
}
