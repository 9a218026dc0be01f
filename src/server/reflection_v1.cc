#include "server/reflection_v1.h"

#include <cstdint>
#include <set>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/impl/server_initializer.h"

namespace billing::server {
namespace {

namespace pb = google::protobuf;
namespace v1 = grpc::reflection::v1;

// Adds `file` and, first, every file it imports that is not in `sent` yet: a
// client then holds all it needs to build the file's descriptors.
void AddFile(const pb::FileDescriptor* file, std::set<std::string>* sent,
             v1::FileDescriptorResponse* response) {
  if (!sent->insert(file->name()).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) AddFile(file->dependency(i), sent, response);
  pb::FileDescriptorProto proto;
  file->CopyTo(&proto);
  proto.SerializeToString(response->add_file_descriptor_proto());
}

// Like gRPC's v1alpha service, each answer is complete on its own.
grpc::Status FileResponse(const pb::FileDescriptor* file, const std::string& what,
                          v1::ServerReflectionResponse* response) {
  if (file == nullptr) return grpc::Status(grpc::StatusCode::NOT_FOUND, what + " not found");
  std::set<std::string> sent;
  AddFile(file, &sent, response->mutable_file_descriptor_response());
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ReflectionV1Service::ServerReflectionInfo(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<v1::ServerReflectionResponse, v1::ServerReflectionRequest>* stream) {
  const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
  v1::ServerReflectionRequest request;
  while (stream->Read(&request)) {
    v1::ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    grpc::Status status;
    switch (request.message_request_case()) {
      case v1::ServerReflectionRequest::kFileByFilename:
        status = FileResponse(pool->FindFileByName(request.file_by_filename()),
                              "file " + request.file_by_filename(), &response);
        break;
      case v1::ServerReflectionRequest::kFileContainingSymbol:
        status = FileResponse(pool->FindFileContainingSymbol(request.file_containing_symbol()),
                              "symbol " + request.file_containing_symbol(), &response);
        break;
      case v1::ServerReflectionRequest::kFileContainingExtension: {
        const v1::ExtensionRequest& ext = request.file_containing_extension();
        const pb::Descriptor* type = pool->FindMessageTypeByName(ext.containing_type());
        const pb::FieldDescriptor* field =
            type == nullptr ? nullptr
                            : pool->FindExtensionByNumber(type, ext.extension_number());
        status = FileResponse(field == nullptr ? nullptr : field->file(),
                              "extension " + std::to_string(ext.extension_number()) + " of " +
                                  ext.containing_type(),
                              &response);
        break;
      }
      case v1::ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const pb::Descriptor* type =
            pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) {
          status = grpc::Status(grpc::StatusCode::NOT_FOUND,
                                "type " + request.all_extension_numbers_of_type() + " not found");
          break;
        }
        std::vector<const pb::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        v1::ExtensionNumberResponse* numbers = response.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const pb::FieldDescriptor* field : extensions) {
          numbers->add_extension_number(field->number());
        }
        break;
      }
      case v1::ServerReflectionRequest::kListServices: {
        v1::ListServiceResponse* list = response.mutable_list_services_response();
        if (services_ != nullptr) {
          for (const std::string& name : *services_) list->add_service()->set_name(name);
        }
        break;
      }
      default:
        status = grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "request not supported");
    }
    if (!status.ok()) {
      response.mutable_error_response()->set_error_code(static_cast<int32_t>(status.error_code()));
      response.mutable_error_response()->set_error_message(status.error_message());
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

void ReflectionV1Plugin::InitServer(grpc::ServerInitializer* initializer) {
  initializer->RegisterService(service_);
}

void ReflectionV1Plugin::Finish(grpc::ServerInitializer* initializer) {
  service_->set_services(initializer->GetServiceList());
}

}  // namespace billing::server
