// The service's REST JSON encoder against the golden files the gateway's
// encoder reproduces too (tests/golden/rest_json, gateway/golden_test.go):
// one form, byte for byte, in both languages.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "api/rest_json.h"
#include "billing/v1/credit_note.pb.h"
#include "billing/v1/customer.pb.h"
#include "billing/v1/event.pb.h"
#include "billing/v1/invoice.pb.h"
#include "billing/v1/ledger.pb.h"
#include "billing/v1/payment.pb.h"
#include "billing/v1/revenue.pb.h"
#include "billing/v1/tax_rate.pb.h"
#include "billing/v1/webhook.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace billing::api {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The contract's files, linked in so that the generated pool knows them.
const google::protobuf::FileDescriptor* const kContract[] = {
    v1::CreditNote::descriptor()->file(), v1::Customer::descriptor()->file(),
    v1::Event::descriptor()->file(),      v1::Invoice::descriptor()->file(),
    v1::LedgerEntry::descriptor()->file(), v1::Payment::descriptor()->file(),
    v1::RevenueCalculation::descriptor()->file(), v1::WebhookEndpoint::descriptor()->file(),
    v1::TaxRate::descriptor()->file()};

// NAME.textpb names its message type on its first line.
std::unique_ptr<google::protobuf::Message> ParseInput(const std::string& text) {
  const std::string prefix = "# proto-message: ";
  const std::string first = text.substr(0, text.find('\n'));
  if (!absl::StartsWith(first, prefix)) return nullptr;
  const google::protobuf::Descriptor* d =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(first.substr(prefix.size()));
  if (d == nullptr) return nullptr;
  std::unique_ptr<google::protobuf::Message> m(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(d)->New());
  if (!google::protobuf::TextFormat::ParseFromString(text, m.get())) return nullptr;
  return m;
}

TEST(RestJsonGolden, EveryFileIsReproducedByteForByte) {
  std::vector<std::filesystem::path> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(BILLING_REST_JSON_GOLDEN_DIR)) {
    if (entry.path().extension() == ".textpb") inputs.push_back(entry.path());
  }
  ASSERT_EQ(std::size(kContract), 9u);
  ASSERT_GE(inputs.size(), 5u) << "golden inputs in " << BILLING_REST_JSON_GOLDEN_DIR;
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.filename().string());
    const auto message = ParseInput(ReadFile(input));
    ASSERT_NE(message, nullptr) << "not a billing.v1 message in text format";
    std::filesystem::path expected = input;
    expected.replace_extension(".json");
    std::string want = ReadFile(expected);
    if (absl::EndsWith(want, "\n")) want.pop_back();
    EXPECT_EQ(ToRestJson(*message), want);
  }
}

}  // namespace
}  // namespace billing::api
