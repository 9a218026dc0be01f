// Server reflection as grpcurl and buf curl use it: v1 (what current clients
// ask for first) and v1alpha (what older ones know) list the same services
// and describe the contract, without a credential; --reflection=false turns
// both off.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::TestServer;
using ::grpc::reflection::v1::ServerReflectionRequest;
using ::grpc::reflection::v1::ServerReflectionResponse;
using ::testing::Contains;
using ::testing::IsSupersetOf;

constexpr char kV1[] = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
constexpr char kV1alpha[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// One request and its answer over the reflection stream at `method`. The v1
// message types serve for v1alpha too: the two are the same on the wire, so
// a v1alpha client needs no code of its own (gRPC 1.51 installs none).
absl::StatusOr<ServerReflectionResponse> Ask(TestServer& server, const char* method,
                                             const ServerReflectionRequest& request) {
  grpc::ClientContext context;
  grpc::internal::RpcMethod rpc(method, grpc::internal::RpcMethod::BIDI_STREAMING,
                                server.channel());
  std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>
      stream(grpc::internal::ClientReaderWriterFactory<
             ServerReflectionRequest, ServerReflectionResponse>::Create(server.channel().get(),
                                                                        rpc, &context));
  stream->Write(request);
  stream->WritesDone();
  ServerReflectionResponse response;
  const bool got = stream->Read(&response);
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  if (!got) return absl::InternalError("no answer");
  return response;
}

absl::StatusOr<std::vector<std::string>> ListServices(TestServer& server, const char* method) {
  ServerReflectionRequest request;
  request.set_list_services("");
  absl::StatusOr<ServerReflectionResponse> response = Ask(server, method, request);
  if (!response.ok()) return response.status();
  std::vector<std::string> names;
  for (const auto& service : response->list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

TEST(ReflectionTest, V1AndV1alphaListTheSameServices) {
  TestServer server;
  absl::StatusOr<std::vector<std::string>> v1 = ListServices(server, kV1);
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_THAT(*v1, IsSupersetOf({"billing.v1.CustomerService", "billing.v1.InvoiceService",
                                 "billing.v1.RevenueCalculationService",
                                 "grpc.reflection.v1.ServerReflection",
                                 "grpc.reflection.v1alpha.ServerReflection"}));
  absl::StatusOr<std::vector<std::string>> v1alpha = ListServices(server, kV1alpha);
  ASSERT_TRUE(v1alpha.ok()) << v1alpha.status();
  EXPECT_THAT(*v1alpha, ::testing::UnorderedElementsAreArray(*v1));
}

TEST(ReflectionTest, V1DescribesAServiceWithTheFilesItImports) {
  TestServer server;
  ServerReflectionRequest request;
  request.set_file_containing_symbol("billing.v1.InvoiceService");
  absl::StatusOr<ServerReflectionResponse> response = Ask(server, kV1, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_FALSE(response->has_error_response()) << response->error_response().error_message();
  std::vector<std::string> files;
  std::vector<std::string> imports;
  std::vector<std::string> methods;
  for (const std::string& bytes : response->file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    files.push_back(file.name());
    if (file.name() == "billing/v1/invoice.proto") {
      imports.assign(file.dependency().begin(), file.dependency().end());
    }
    for (const auto& service : file.service()) {
      if (service.name() != "InvoiceService") continue;
      for (const auto& method : service.method()) methods.push_back(method.name());
    }
  }
  EXPECT_THAT(files, Contains("billing/v1/invoice.proto"));
  // Every import comes along, so a client can build the descriptors.
  EXPECT_THAT(files, IsSupersetOf(imports));
  EXPECT_THAT(methods, Contains("ProcessInvoice"));
}

TEST(ReflectionTest, V1AnswersAnUnknownSymbolWithNotFound) {
  TestServer server;
  ServerReflectionRequest request;
  request.set_file_containing_symbol("billing.v1.NoSuchService");
  absl::StatusOr<ServerReflectionResponse> response = Ask(server, kV1, request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->error_response().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(ReflectionTest, TurnedOffServesNeitherVersion) {
  server::ServerOptions options;
  options.reflection = false;
  TestServer server(options);
  for (const char* method : {kV1, kV1alpha}) {
    absl::StatusOr<std::vector<std::string>> names = ListServices(server, method);
    EXPECT_EQ(names.status().code(), absl::StatusCode::kUnimplemented) << method;
  }
}

}  // namespace
}  // namespace billing
