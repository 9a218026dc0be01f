// gRPC server reflection v1 (grpc.reflection.v1.ServerReflection).
//
// Debian bookworm's gRPC (1.51) ships reflection only as v1alpha, and current
// clients (buf curl, grpcurl) ask for v1 first. The two protocols differ only
// in the package name, so this answers v1 from the same descriptor pool as
// gRPC's v1alpha service (the generated pool) and lists the same services.
#ifndef BILLING_SERVER_REFLECTION_V1_H_
#define BILLING_SERVER_REFLECTION_V1_H_

#include <memory>
#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/impl/server_builder_plugin.h"

namespace billing::server {

class ReflectionV1Service final : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // `services`: the server's service names, read at each list_services (the
  // server owns the list; it is complete once the server has started).
  explicit ReflectionV1Service(const std::vector<std::string>* services = nullptr)
      : services_(services) {}
  void set_services(const std::vector<std::string>* services) { services_ = services; }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>* stream) override;

 private:
  const std::vector<std::string>* services_;
};

// Adds ReflectionV1Service to a server, as gRPC's ProtoServerReflectionPlugin
// adds v1alpha: registered at build, given the service list when it is final.
class ReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "billing_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* initializer) override;
  void Finish(grpc::ServerInitializer* initializer) override;
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }
  bool has_async_methods() const override { return false; }

 private:
  std::shared_ptr<ReflectionV1Service> service_ = std::make_shared<ReflectionV1Service>();
};

}  // namespace billing::server

#endif  // BILLING_SERVER_REFLECTION_V1_H_
