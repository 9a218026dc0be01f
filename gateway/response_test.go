package gateway

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// Location names the new resource under the collection the client posted
// to, nested or not, and an upsert's own path.
func TestLocation(t *testing.T) {
	for _, c := range []struct{ path, pattern, want string }{
		{"/api/v1/customers", "/api/v1/customers", "/api/v1/customers/new_1"},
		{"/api/v1/customers/crm-42", "/api/v1/customers/{customer_id}", "/api/v1/customers/new_1"},
		{"/api/v1/invoices/inv_1/payments", "/api/v1/invoices/{invoice_id}/payments", "/api/v1/invoices/inv_1/payments/new_1"},
	} {
		r := httptest.NewRequest("POST", c.path, nil)
		ctx := context.WithValue(r.Context(), exchangeKey{}, &exchange{Path: c.path})
		ctx, err := runtime.AnnotateContext(ctx, runtime.NewServeMux(), r.WithContext(ctx), "/billing.v1.X/Y",
			runtime.WithHTTPPathPattern(c.pattern))
		if err != nil {
			t.Fatal(err)
		}
		if got := location(ctx, "new_1"); got != c.want {
			t.Errorf("%s: Location %s, want %s", c.path, got, c.want)
		}
	}
}
