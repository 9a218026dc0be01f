#include "api/authorization.h"

#include <string>
#include <string_view>

#include "domain/error.h"

namespace billing::api {
namespace {

// "ipv4:10.0.0.7:5123" -> "10.0.0.7", "ipv6:[::1]:5123" -> "::1".
std::string_view PeerHost(std::string_view peer) {
  const size_t scheme = peer.find(':');
  if (scheme == std::string_view::npos) return peer;
  std::string_view rest = peer.substr(scheme + 1);
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    return close == std::string_view::npos ? rest : rest.substr(1, close - 1);
  }
  const size_t port = rest.rfind(':');
  return port == std::string_view::npos ? rest : rest.substr(0, port);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for) {
  const std::string_view host = PeerHost(peer);
  const bool loopback = host.starts_with("127.") || host == "::1";
  if (loopback && !forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view last =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    // An address, not a payload: anything longer than an IPv6 address is ignored.
    if (!last.empty() && last.size() <= 45) return std::string(last);
  }
  return std::string(host);
}

absl::StatusOr<app::CallContext> Authorizer::Authorize(const grpc::ServerContext& context,
                                                       auth::Scope needed) const {
  if (authenticator_ == nullptr) return app::CallContext{};
  const auto& metadata = context.client_metadata();
  auto forwarded = metadata.find("x-forwarded-for");
  const std::string client = ClientAddress(
      context.peer(), forwarded == metadata.end()
                          ? std::string_view()
                          : std::string_view(forwarded->second.data(), forwarded->second.size()));
  auto [first, last] = metadata.equal_range("authorization");
  if (first == last) return authenticator_->Authorize("", needed, client);
  if (std::next(first) != last) {
    return domain::Error(domain::ErrorCode::kInvalidCredentials,
                         "send exactly one authorization header");
  }
  return authenticator_->Authorize(std::string_view(first->second.data(), first->second.size()),
                                   needed, client);
}

}  // namespace billing::api
