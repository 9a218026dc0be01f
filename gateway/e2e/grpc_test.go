package e2e

// Straight to the real billing-server's gRPC port: what stays open without
// a credential (health; reflection unless --reflection=false) and what does
// not (every billing call).

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"

	billingv1 "billing/gateway/gen/billing/v1"
)

// listServicesV1 asks grpc.reflection.v1.ServerReflection for the services.
func listServicesV1(ctx context.Context, conn *grpc.ClientConn) ([]string, error) {
	stream, err := reflectionv1.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&reflectionv1.ServerReflectionRequest{MessageRequest: &reflectionv1.ServerReflectionRequest_ListServices{ListServices: "*"}}); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	stream.CloseSend()
	if e := resp.GetErrorResponse(); e != nil {
		return nil, status.Error(codes.Code(e.GetErrorCode()), e.GetErrorMessage())
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	return names, nil
}

// listServicesV1alpha asks grpc.reflection.v1alpha.ServerReflection.
func listServicesV1alpha(ctx context.Context, conn *grpc.ClientConn) ([]string, error) {
	stream, err := reflectionv1alpha.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&reflectionv1alpha.ServerReflectionRequest{MessageRequest: &reflectionv1alpha.ServerReflectionRequest_ListServices{ListServices: "*"}}); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	stream.CloseSend()
	if e := resp.GetErrorResponse(); e != nil {
		return nil, status.Error(codes.Code(e.GetErrorCode()), e.GetErrorMessage())
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	return names, nil
}

func errorReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}

// TestGRPCReflectionAndHealth: health answers SERVING without a
// credential; reflection is served by default and not at all with
// --reflection=false; billing calls need a credential either way.
func TestGRPCReflectionAndHealth(t *testing.T) {
	billingServices := []string{"billing.v1.CustomerService", "billing.v1.InvoiceService", "billing.v1.RevenueCalculationService"}
	for _, tc := range []struct {
		name       string
		flags      []string
		reflection bool
	}{
		{"default", nil, true},
		{"reflection=false", []string{"--reflection=false"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, tc.flags...)
			conn, err := grpc.NewClient(s.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			// Health, without a credential, waiting for the server to listen.
			health := healthpb.NewHealthClient(conn)
			for _, service := range append([]string{""}, billingServices...) {
				resp, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: service}, grpc.WaitForReady(true))
				if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
					t.Fatalf("health Check(%q) without a credential: %v %v", service, resp.GetStatus(), err)
				}
			}

			// Reflection, without a credential.
			v1, errV1 := listServicesV1(ctx, conn)
			v1alpha, errV1alpha := listServicesV1alpha(ctx, conn)
			t.Logf("reflection v1: %v %v; v1alpha: %v %v", v1, errV1, v1alpha, errV1alpha)
			if tc.reflection {
				names := v1
				if errV1 != nil {
					if status.Code(errV1) != codes.Unimplemented {
						t.Errorf("reflection v1: %v", errV1)
					}
					names = v1alpha
				}
				if errV1alpha != nil && errV1 != nil {
					t.Fatalf("reflection is on by default, but ListServices failed: v1 %v; v1alpha %v", errV1, errV1alpha)
				}
				for _, want := range append(slices.Clone(billingServices), "grpc.health.v1.Health") {
					if !slices.Contains(names, want) {
						t.Errorf("reflection does not list %s: %v", want, names)
					}
				}
			} else {
				for version, err := range map[string]error{"v1": errV1, "v1alpha": errV1alpha} {
					if status.Code(err) != codes.Unimplemented {
						t.Errorf("--reflection=false: reflection %s ListServices answered %v (services %v), want UNIMPLEMENTED", version, err, append(v1, v1alpha...))
					}
				}
			}
			if log := s.stdout.String() + s.stderr.String(); !strings.Contains(log, map[bool]string{true: `"reflection":"on"`, false: `"reflection":"off"`}[tc.reflection]) {
				t.Errorf("the start-up log does not say whether reflection is on")
			}

			// Every billing call needs a credential.
			customers := billingv1.NewCustomerServiceClient(conn)
			_, err = customers.ListCustomers(ctx, &billingv1.ListCustomersRequest{})
			if status.Code(err) != codes.Unauthenticated || errorReason(err) != "MISSING_CREDENTIALS" {
				t.Errorf("ListCustomers without a credential: %v (reason %q)", err, errorReason(err))
			}
			_, err = billingv1.NewInvoiceServiceClient(conn).GetInvoice(ctx, &billingv1.GetInvoiceRequest{InvoiceId: "inv_x"})
			if status.Code(err) != codes.Unauthenticated || errorReason(err) != "MISSING_CREDENTIALS" {
				t.Errorf("GetInvoice without a credential: %v (reason %q)", err, errorReason(err))
			}
			key := s.createKey(t, testAccount, "customers:read")
			authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Apikey "+key)
			if _, err := customers.ListCustomers(authed, &billingv1.ListCustomersRequest{}); err != nil {
				t.Errorf("ListCustomers with a key: %v", err)
			}
		})
	}
}
