#include "domain/customer.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

const absl::Time kCreated = absl::FromUnixSeconds(1'700'000'000);
const absl::Time kLater = kCreated + absl::Hours(1);

CustomerInput ValidInput() { return {"Ada Lovelace", "ada@example.com", "EUR"}; }

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

std::string Description(const absl::Status& status, std::string_view field) {
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

TEST(NewCustomerTest, ValidInputMakesACustomer) {
  Customer customer = NewCustomer("acct_default", "cus_1", ValidInput(), kCreated).value();
  EXPECT_EQ(customer.account_id, "acct_default");
  EXPECT_EQ(customer.id, "cus_1");
  EXPECT_EQ(customer.name, "Ada Lovelace");
  EXPECT_EQ(customer.email, "ada@example.com");
  EXPECT_EQ(customer.default_currency, "EUR");
  EXPECT_EQ(customer.create_time, kCreated);
  EXPECT_EQ(customer.update_time, kCreated);
}

TEST(NewCustomerTest, NameIsTrimmed) {
  CustomerInput input = ValidInput();
  input.name = "  Ada  ";
  EXPECT_EQ(NewCustomer("a", "c", input, kCreated).value().name, "Ada");
}

TEST(NewCustomerTest, JunkNamesAreRefused) {
  for (const std::string& name :
       {std::string("Ada\0", 4), std::string("Ada\x07"), std::string("Ada\nLovelace"),
        std::string("\xc2\x9b" "Ada"), std::string("Ada\xff"),
        std::string("\xef\xbb\xbf\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xc2\xa0")}) {
    CustomerInput input = ValidInput();
    input.name = name;
    EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
              std::vector<std::string>{"name"});
  }
  CustomerInput input = ValidInput();
  input.name = "\xc2\xa0Zoë \xe3\x80\x80";
  EXPECT_EQ(NewCustomer("a", "c", input, kCreated).value().name, "Zoë");
}

TEST(NewCustomerTest, EveryBadFieldIsReportedAtOnce) {
  absl::Status status = NewCustomer("a", "c", {"   ", "not-an-email", "usd"}, kCreated).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"name", "email", "default_currency"}));
  EXPECT_NE(Description(status, "default_currency").find("upper case"), std::string::npos);
}

TEST(NewCustomerTest, NameLengthCountsCharacters) {
  CustomerInput input = ValidInput();
  input.name = std::string(200, 'a');
  EXPECT_TRUE(NewCustomer("a", "c", input, kCreated).ok());
  input.name = std::string(201, 'a');
  EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
            std::vector<std::string>{"name"});
  // 200 two-byte characters (400 bytes) are still 200 characters.
  input.name.clear();
  for (int i = 0; i < 200; ++i) input.name += "\xc3\xa9";
  EXPECT_TRUE(NewCustomer("a", "c", input, kCreated).ok());
}

TEST(NewCustomerTest, EmailMustBePlausible) {
  for (std::string email : {"ada@example.com", "a.b+tag@sub.example.co.uk", "x@y.io"}) {
    CustomerInput input = ValidInput();
    input.email = email;
    EXPECT_TRUE(NewCustomer("a", "c", input, kCreated).ok()) << email;
  }
  for (std::string email : {"", "ada", "ada@", "@example.com", "ada@example", "a@b@c.com",
                            "ada @example.com", "ada@example.com ", "ada@.com", "ada@example.",
                            "ada@exa..mple.com"}) {
    CustomerInput input = ValidInput();
    input.email = email;
    EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
              std::vector<std::string>{"email"})
        << "accepted \"" << email << "\"";
  }
  CustomerInput input = ValidInput();
  input.email = std::string(243, 'a') + "@example.com";  // 255 characters
  EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
            std::vector<std::string>{"email"});
  input.email = std::string(242, 'a') + "@example.com";  // 254 characters
  EXPECT_TRUE(NewCustomer("a", "c", input, kCreated).ok());
}

TEST(NewCustomerTest, CurrencyMustBeIso4217) {
  CustomerInput input = ValidInput();
  input.default_currency = "ABC";
  EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
            std::vector<std::string>{"default_currency"});
  input.default_currency = "";
  EXPECT_EQ(Fields(NewCustomer("a", "c", input, kCreated).status()),
            std::vector<std::string>{"default_currency"});
  input.default_currency = "JPY";
  EXPECT_TRUE(NewCustomer("a", "c", input, kCreated).ok());
}

TEST(ReplaceCustomerTest, ReplacesFieldsAndKeepsIdentityAndCreation) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  Customer replaced =
      ReplaceCustomer(current, {"Grace Hopper", "grace@navy.mil", "USD"}, kLater).value();
  EXPECT_EQ(replaced.account_id, "acct");
  EXPECT_EQ(replaced.id, "cus_1");
  EXPECT_EQ(replaced.name, "Grace Hopper");
  EXPECT_EQ(replaced.email, "grace@navy.mil");
  EXPECT_EQ(replaced.default_currency, "USD");
  EXPECT_EQ(replaced.create_time, kCreated);
  EXPECT_EQ(replaced.update_time, kLater);
}

TEST(ReplaceCustomerTest, ValidatesLikeCreate) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  EXPECT_EQ(Fields(ReplaceCustomer(current, {"", "x", "EUR"}, kLater).status()),
            (std::vector<std::string>{"name", "email"}));
}

TEST(UpdateCustomerTest, ChangesOnlyTheNamedFields) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  Customer updated =
      UpdateCustomer(current, {"Ada King", "ignored", "ignored"}, {"name"}, kLater).value();
  EXPECT_EQ(updated.name, "Ada King");
  EXPECT_EQ(updated.email, "ada@example.com");
  EXPECT_EQ(updated.default_currency, "EUR");
  EXPECT_EQ(updated.create_time, kCreated);
  EXPECT_EQ(updated.update_time, kLater);

  updated = UpdateCustomer(current, {"", "new@example.com", "GBP"},
                           {"email", "default_currency"}, kLater)
                .value();
  EXPECT_EQ(updated.name, "Ada Lovelace");
  EXPECT_EQ(updated.email, "new@example.com");
  EXPECT_EQ(updated.default_currency, "GBP");
}

TEST(UpdateCustomerTest, NamedFieldsAreValidated) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  EXPECT_EQ(Fields(UpdateCustomer(current, {"", "bad", "XXX"},
                                  {"name", "email", "default_currency"}, kLater)
                       .status()),
            (std::vector<std::string>{"name", "email", "default_currency"}));
}

TEST(UpdateCustomerTest, MaskMustNameKnownFields) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  absl::Status empty = UpdateCustomer(current, ValidInput(), {}, kLater).status();
  EXPECT_EQ(ErrorCodeOf(empty), ErrorCode::kValidationError);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"update_mask"});
  EXPECT_NE(Description(empty, "update_mask").find("at least one field"), std::string::npos);

  for (std::string path : {"id", "defaultCurrency", "create_time", "Name", ""}) {
    absl::Status unknown = UpdateCustomer(current, ValidInput(), {"name", path}, kLater).status();
    EXPECT_EQ(Fields(unknown), std::vector<std::string>{"update_mask"}) << path;
    EXPECT_NE(Description(unknown, "update_mask").find("\"" + path + "\""), std::string::npos)
        << Description(unknown, "update_mask");
  }
}

TEST(UpdateCustomerTest, InvoiceDeliveryIsUpdatableByItsFieldOrItsMessage) {
  CustomerInput asks = ValidInput();
  asks.invoice_delivery.attach_e_invoice = true;
  Customer current = NewCustomer("acct", "cus_1", asks, kCreated).value();
  EXPECT_TRUE(current.invoice_delivery.attach_e_invoice);

  EXPECT_TRUE(UpdateCustomer(current, ValidInput(), {"name"}, kLater)
                  .value()
                  .invoice_delivery.attach_e_invoice)
      << "kept when not named";
  for (std::string path : {"invoice_delivery", "invoice_delivery.attach_e_invoice"}) {
    Customer updated = UpdateCustomer(current, ValidInput(), {path}, kLater).value();
    EXPECT_FALSE(updated.invoice_delivery.attach_e_invoice) << path;
    EXPECT_EQ(updated.name, current.name) << path;
  }
  EXPECT_EQ(Fields(UpdateCustomer(current, asks, {"invoice_delivery.attach"}, kLater).status()),
            std::vector<std::string>{"update_mask"});
}

TEST(UpdateCustomerTest, AMaskNamingAReadOnlyFieldSaysSo) {
  Customer current = NewCustomer("acct", "cus_1", ValidInput(), kCreated).value();
  for (std::string path : {"balances", "create_time", "etag", "id"}) {
    absl::Status refused = UpdateCustomer(current, ValidInput(), {path}, kLater).status();
    EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kValidationError) << path;
    EXPECT_NE(Description(refused, "update_mask").find("read-only field \"" + path + "\""),
              std::string::npos)
        << Description(refused, "update_mask");
  }
  absl::Status typo = UpdateCustomer(current, ValidInput(), {"nmae"}, kLater).status();
  EXPECT_NE(Description(typo, "update_mask").find("unknown field \"nmae\""), std::string::npos);
}

}  // namespace
}  // namespace billing::domain
