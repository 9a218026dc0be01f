#include "app/webhooks.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "auth/webhook_signature.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/text.h"

namespace billing::app {
namespace {

constexpr std::string_view kUpdatablePaths[] = {"url", "event_types", "description", "enabled"};

absl::Status CheckPaths(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return domain::ValidationError("update_mask",
                                   "name at least one of url, event_types, description, enabled");
  }
  for (const std::string& path : paths) {
    if (std::find(std::begin(kUpdatablePaths), std::end(kUpdatablePaths), path) ==
        std::end(kUpdatablePaths)) {
      // An output-only field is a client's mistake worth telling apart from a typo.
      constexpr std::string_view kReadOnly[] = {"id",           "secret",      "disabled_reason",
                                                "disable_time", "create_time", "update_time",
                                                "etag"};
      const bool read_only = std::find(std::begin(kReadOnly), std::end(kReadOnly), path) !=
                             std::end(kReadOnly);
      return domain::ValidationError(
          "update_mask", absl::StrCat("names ", read_only ? "read-only" : "unknown", " field \"",
                                      path,
                                      "\"; only url, event_types, description and enabled change"));
    }
  }
  return absl::OkStatus();
}

bool Has(const std::vector<std::string>& paths, std::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace

domain::WebhookEndpoint WithoutSecrets(domain::WebhookEndpoint endpoint) {
  endpoint.secret.clear();
  endpoint.previous_secret.clear();
  return endpoint;
}

absl::StatusOr<domain::WebhookEndpoint> WebhookEndpoints::Create(
    const CallContext& ctx, const domain::WebhookEndpointInput& input) {
  RETURN_IF_ERROR(domain::ValidateWebhookEndpointInput(input, /*create=*/true));
  RETURN_IF_ERROR(sender_.CheckUrl(*input.url));
  ASSIGN_OR_RETURN(std::string secret, auth::NewWebhookSecret());
  const absl::Time now = clock_();
  domain::WebhookEndpoint endpoint{
      .account_id = ctx.account_id,
      .id = domain::NewId(domain::kWebhookEndpointIdPrefix),
      .url = *input.url,
      .event_types = *input.event_types,
      .description = input.description.value_or(""),
      .enabled = input.enabled.value_or(true),
      .secret = std::move(secret),
      .create_time = now,
      .update_time = now,
  };
  // The recorded answer holds the secret: a retry must get the one secret
  // that signs (as Stripe does); the record is the account's alone.
  RETURN_IF_ERROR(WriteOnce(store_, ctx, endpoint, [&](Transaction& tx) {
    return tx.webhooks().InsertEndpoint(endpoint);
  }));
  return endpoint;
}

absl::StatusOr<domain::WebhookEndpoint> WebhookEndpoints::Get(const CallContext& ctx,
                                                              std::string_view id) {
  RETURN_IF_ERROR(RequireId("webhook_endpoint_id", id, domain::kWebhookEndpointIdPrefix));
  std::optional<domain::WebhookEndpoint> endpoint;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(endpoint, tx.webhooks().GetEndpoint(ctx.account_id, id));
    return absl::OkStatus();
  }));
  return WithoutSecrets(*std::move(endpoint));
}

absl::StatusOr<domain::Page<domain::WebhookEndpoint>> WebhookEndpoints::List(
    const CallContext& ctx, int page, int page_size) {
  ASSIGN_OR_RETURN(domain::PageRequest request, domain::MakePageRequest(page, page_size));
  std::optional<domain::Page<domain::WebhookEndpoint>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.webhooks().ListEndpoints(ctx.account_id, request));
    return absl::OkStatus();
  }));
  for (domain::WebhookEndpoint& endpoint : result->items) {
    endpoint = WithoutSecrets(std::move(endpoint));
  }
  return *std::move(result);
}

absl::StatusOr<domain::WebhookEndpoint> WebhookEndpoints::Update(
    const CallContext& ctx, std::string_view id, const domain::WebhookEndpointInput& input,
    const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("webhook_endpoint_id", id, domain::kWebhookEndpointIdPrefix));
  RETURN_IF_ERROR(CheckPaths(paths));
  domain::WebhookEndpointInput change;
  if (Has(paths, "url")) change.url = input.url.value_or("");
  if (Has(paths, "event_types")) change.event_types = input.event_types.value_or(
      std::vector<std::string>{});
  if (Has(paths, "description")) change.description = input.description.value_or("");
  if (Has(paths, "enabled")) change.enabled = input.enabled.value_or(false);
  RETURN_IF_ERROR(domain::ValidateWebhookEndpointInput(change, /*create=*/false));
  if (change.url.has_value()) RETURN_IF_ERROR(sender_.CheckUrl(*change.url));
  std::optional<domain::WebhookEndpoint> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint,
                     tx.webhooks().GetEndpoint(ctx.account_id, id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "webhook endpoint", WithoutSecrets(endpoint)));
    if (change.url.has_value()) endpoint.url = *change.url;
    if (change.event_types.has_value()) endpoint.event_types = *change.event_types;
    if (change.description.has_value()) endpoint.description = *change.description;
    if (change.enabled.has_value()) {
      endpoint.enabled = *change.enabled;
      if (endpoint.enabled) {
        // Enabled again by a person: the record of the automatic disabling
        // and the failing streak start over.
        endpoint.disabled_reason.clear();
        endpoint.disable_time.reset();
        endpoint.failing_since.reset();
      }
    }
    endpoint.update_time = clock_();
    RETURN_IF_ERROR(tx.webhooks().UpdateEndpoint(endpoint));
    result = WithoutSecrets(std::move(endpoint));  // also what is recorded
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::Status WebhookEndpoints::Delete(const CallContext& ctx, std::string_view id) {
  RETURN_IF_ERROR(RequireId("webhook_endpoint_id", id, domain::kWebhookEndpointIdPrefix));
  return WriteOnce(store_, ctx, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::WebhookEndpoint current,
                     tx.webhooks().GetEndpoint(ctx.account_id, id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "webhook endpoint", WithoutSecrets(current)));
    return tx.webhooks().DeleteEndpoint(ctx.account_id, id);
  });
}

absl::StatusOr<domain::WebhookEndpoint> WebhookEndpoints::RotateSecret(const CallContext& ctx,
                                                                       std::string_view id) {
  RETURN_IF_ERROR(RequireId("webhook_endpoint_id", id, domain::kWebhookEndpointIdPrefix));
  ASSIGN_OR_RETURN(std::string secret, auth::NewWebhookSecret());
  std::optional<domain::WebhookEndpoint> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint,
                     tx.webhooks().GetEndpoint(ctx.account_id, id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "webhook endpoint", WithoutSecrets(endpoint)));
    const absl::Time now = clock_();
    endpoint.previous_secret = endpoint.secret;
    endpoint.previous_secret_expire_time = now + domain::kSecretRotationOverlap;
    endpoint.secret = secret;
    endpoint.update_time = now;
    RETURN_IF_ERROR(tx.webhooks().UpdateEndpoint(endpoint));
    // The answer (and the record of it) shows the new secret only.
    endpoint.previous_secret.clear();
    result = std::move(endpoint);
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<domain::Page<domain::WebhookDelivery>> WebhookEndpoints::ListDeliveries(
    const CallContext& ctx, std::string_view id, int page, int page_size,
    std::string_view page_token) {
  RETURN_IF_ERROR(RequireId("webhook_endpoint_id", id, domain::kWebhookEndpointIdPrefix));
  const std::string list_key = absl::StrCat("webhook_deliveries/e=", domain::Av(id));
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<domain::WebhookDelivery>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.webhooks().GetEndpoint(ctx.account_id, id).status());
    ASSIGN_OR_RETURN(result, tx.webhooks().ListDeliveries(ctx.account_id, id, request));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

}  // namespace billing::app
