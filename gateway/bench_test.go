package gateway

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/timestamppb"

	billingv1 "billing/gateway/gen/billing/v1"
)

// invoiceStub answers GetInvoice with one fixed invoice, so that a
// benchmark measures the gateway alone (bench/README.md, "Where the
// gateway's time goes").
type invoiceStub struct {
	billingv1.UnimplementedInvoiceServiceServer
	invoice *billingv1.Invoice
}

func (s *invoiceStub) GetInvoice(context.Context, *billingv1.GetInvoiceRequest) (*billingv1.Invoice, error) {
	return s.invoice, nil
}

func benchInvoice() *billingv1.Invoice {
	now := timestamppb.New(time.Date(2026, 1, 5, 10, 0, 0, 123000000, time.UTC))
	inv := &billingv1.Invoice{Id: "inv_v2kq7hxm4c6jrdz3t5wnby8e", CustomerId: "cus_4f7gq2mxk3nbzt6wvhy5dj2a",
		Currency: "USD", Amount: "300.00", Status: billingv1.InvoiceStatus_INVOICE_STATUS_PENDING, DueDate: "2026-12-31",
		Notes: "PO 4711", CreateTime: now, UpdateTime: now, ProcessTime: now, Etag: "3f2a9c", Number: "INV-000042",
		AmountPaid: "0.00", AmountCredited: "0.00", AmountDue: "300.00",
		DeliveryStatus: billingv1.InvoiceDeliveryStatus_INVOICE_DELIVERY_STATUS_QUEUED, DeliveryAttempts: 1}
	for i := 0; i < 3; i++ {
		inv.LineItems = append(inv.LineItems, &billingv1.LineItem{Description: "Support, Q1", Quantity: 1,
			UnitAmount: "100.00", Amount: "100.00", ServicePeriodStart: "2026-01-01", ServicePeriodEnd: "2026-03-31"})
	}
	return inv
}

// newStubbedGateway is a gateway in front of an in-process InvoiceService.
func newStubbedGateway(tb testing.TB) http.Handler {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := grpc.NewServer()
	billingv1.RegisterInvoiceServiceServer(srv, &invoiceStub{invoice: benchInvoice()})
	go srv.Serve(ln)
	tb.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	g, err := newGateway(conn, Options{UpstreamTimeout: 5 * time.Second}, newMetrics())
	if err != nil {
		tb.Fatal(err)
	}
	g.access = newAccessLogger(io.Discard)
	return g.handler()
}

// BenchmarkRESTGetInvoice is one GET /api/v1/invoices/{id} through the
// whole gateway (outer chain, mux, checks, upstream call, envelope, JSON).
//
//	go test -run='^$' -bench=RESTGetInvoice -cpuprofile=cpu.out . && go tool pprof -top cpu.out
func BenchmarkRESTGetInvoice(b *testing.B) {
	h := newStubbedGateway(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, "/api/v1/invoices/inv_v2kq7hxm4c6jrdz3t5wnby8e", nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	})
}
