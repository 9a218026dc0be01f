// Hello-world gRPC server: the baseline the benchmark divides billing-server's
// figures by. Same library, same synchronous API and default ServerBuilder as
// billing-server, and nothing else, so the ratio shows our own cost.
#include <cstdio>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "hello.grpc.pb.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "HOST:PORT to serve on (port 0: any free port)");

namespace {

class Greeter final : public bench::v1::Greeter::Service {
  grpc::Status SayHello(grpc::ServerContext*, const bench::v1::HelloRequest* request,
                        bench::v1::HelloReply* reply) override {
    reply->set_message("hello " + request->name());
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  // As billing-server does: Debian's Abseil leaves Mutex deadlock detection
  // on, which gRPC's own locks pay for too.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::ParseCommandLine(argc, argv);
  Greeter greeter;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&greeter);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "bench_hello_server: cannot listen on %s\n",
                 absl::GetFlag(FLAGS_listen).c_str());
    return 1;
  }
  // The same "port" field billing-server logs, so bench.sh reads both alike.
  std::fprintf(stderr, "{\"msg\":\"bench_hello_server listening\",\"port\":%d}\n", port);
  std::fflush(stderr);
  server->Wait();  // until SIGTERM ends the process
  return 0;
}
