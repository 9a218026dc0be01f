#include "domain/invoice.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

const absl::Time kCreated = absl::FromUnixSeconds(1'700'000'000);
const absl::Time kLater = kCreated + absl::Hours(1);

constexpr InvoiceStatus kAllStatuses[] = {InvoiceStatus::kDraft, InvoiceStatus::kPending,
                                          InvoiceStatus::kPaid, InvoiceStatus::kCancelled,
                                          InvoiceStatus::kUncollectible};

std::string_view Message(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

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

InvoiceInput AmountOnly(std::string amount = "1250.00") {
  InvoiceInput input;
  input.customer_id = "cus_1";
  input.currency = "USD";
  input.amount = std::move(amount);
  input.due_date = "2026-12-01";
  return input;
}

InvoiceInput WithLines() {
  InvoiceInput input = AmountOnly("");
  input.line_items = {
      {"Consulting", 3, "100.00", "", ""},
      {"Hosting", 1, "50.25", "2026-01-01", "2026-12-31"},
  };
  return input;
}

Invoice Draft(const InvoiceInput& input = AmountOnly()) {
  return NewInvoice("acct", "inv_1", input, "EUR", kCreated).value();
}

// A draft moved through the lifecycle to `status`.
Invoice InvoiceIn(InvoiceStatus status, const InvoiceInput& input = AmountOnly()) {
  Invoice invoice = Draft(input);
  if (status == InvoiceStatus::kPending || status == InvoiceStatus::kPaid ||
      status == InvoiceStatus::kUncollectible) {
    EXPECT_TRUE(ApplyTransition(invoice, InvoiceStatus::kPending, kCreated).ok());
  }
  if (status == InvoiceStatus::kPaid || status == InvoiceStatus::kCancelled ||
      status == InvoiceStatus::kUncollectible) {
    EXPECT_TRUE(ApplyTransition(invoice, status, kCreated).ok());
  }
  return invoice;
}

// ---- Lifecycle

TEST(InvoiceStatusTest, NamesRoundTrip) {
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kDraft), "draft");
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kPending), "pending");
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kPaid), "paid");
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kCancelled), "cancelled");
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kUncollectible), "uncollectible");
  for (InvoiceStatus status : kAllStatuses) {
    EXPECT_EQ(InvoiceStatusFromName(InvoiceStatusName(status)), status);
  }
  EXPECT_EQ(InvoiceStatusFromName("canceled"), std::nullopt);
  EXPECT_EQ(InvoiceStatusFromName("DRAFT"), std::nullopt);
  EXPECT_EQ(InvoiceStatusFromName(""), std::nullopt);
}

// All 25 (from, to) pairs against the lifecycle table: exactly seven
// allowed (issue 22 adds the write-off and what may follow it).
TEST(CheckTransitionTest, EveryPairFollowsTheLifecycleTable) {
  auto allowed = [](InvoiceStatus from, InvoiceStatus to) {
    using S = InvoiceStatus;
    return (from == S::kDraft && to == S::kPending) || (from == S::kDraft && to == S::kCancelled) ||
           (from == S::kPending && to == S::kPaid) ||
           (from == S::kPending && to == S::kCancelled) ||
           (from == S::kPending && to == S::kUncollectible) ||
           (from == S::kUncollectible && to == S::kPaid) ||
           (from == S::kUncollectible && to == S::kCancelled);
  };
  int allowed_count = 0;
  for (InvoiceStatus from : kAllStatuses) {
    for (InvoiceStatus to : kAllStatuses) {
      SCOPED_TRACE(absl::StrCat(InvoiceStatusName(from).data(), " -> ",
                                InvoiceStatusName(to).data()));
      absl::Status status = CheckTransition(from, to);
      if (allowed(from, to)) {
        ++allowed_count;
        EXPECT_TRUE(status.ok()) << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kInvalidStateTransition);
        EXPECT_TRUE(Contains(Message(status), absl::StrCat("from ", InvoiceStatusName(from).data(),
                                                            " to ", InvoiceStatusName(to).data())))
            << status;
      }
    }
  }
  EXPECT_EQ(allowed_count, 7);
}

TEST(CheckTransitionTest, CancellingAPaidInvoiceExplainsWhy) {
  absl::Status status = CheckTransition(InvoiceStatus::kPaid, InvoiceStatus::kCancelled);
  EXPECT_TRUE(Contains(Message(status), "cannot move invoice from paid to cancelled")) << status;
  EXPECT_TRUE(Contains(Message(status), "final")) << status;
}

TEST(ApplyTransitionTest, StampsTheMatchingTime) {
  Invoice invoice = Draft();
  ASSERT_TRUE(ApplyTransition(invoice, InvoiceStatus::kPending, kLater).ok());
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
  EXPECT_EQ(invoice.process_time, kLater);
  EXPECT_EQ(invoice.update_time, kLater);
  EXPECT_EQ(invoice.pay_time, std::nullopt);

  const absl::Time paid_at = kLater + absl::Hours(24);
  ASSERT_TRUE(ApplyTransition(invoice, InvoiceStatus::kPaid, paid_at).ok());
  EXPECT_EQ(invoice.pay_time, paid_at);
  EXPECT_EQ(invoice.process_time, kLater);
  EXPECT_EQ(invoice.cancel_time, std::nullopt);

  Invoice cancelled = Draft();
  ASSERT_TRUE(ApplyTransition(cancelled, InvoiceStatus::kCancelled, kLater).ok());
  EXPECT_EQ(cancelled.cancel_time, kLater);
  EXPECT_EQ(cancelled.process_time, std::nullopt);
}

TEST(ApplyTransitionTest, RefusalLeavesTheInvoiceUntouched) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPaid);
  const Invoice before = invoice;
  absl::Status status = ApplyTransition(invoice, InvoiceStatus::kCancelled, kLater);
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(invoice.cancel_time, std::nullopt);
  EXPECT_EQ(invoice.update_time, before.update_time);
}

// ---- Creating

TEST(NewInvoiceTest, AmountOnlyDraft) {
  Invoice invoice = NewInvoice("acct", "inv_1", AmountOnly(), "EUR", kCreated).value();
  EXPECT_EQ(invoice.account_id, "acct");
  EXPECT_EQ(invoice.id, "inv_1");
  EXPECT_EQ(invoice.customer_id, "cus_1");
  EXPECT_EQ(invoice.currency, "USD");
  EXPECT_EQ(invoice.amount, 125000);
  EXPECT_EQ(invoice.status, InvoiceStatus::kDraft);
  EXPECT_EQ(invoice.due_date, absl::CivilDay(2026, 12, 1));
  EXPECT_TRUE(invoice.line_items.empty());
  EXPECT_EQ(invoice.create_time, kCreated);
  EXPECT_EQ(invoice.update_time, kCreated);
  EXPECT_EQ(invoice.process_time, std::nullopt);
}

TEST(NewInvoiceTest, AmountIsTheSumOfTheLines) {
  // 3 x 100.00 + 1 x 50.25 = 350.25
  Invoice invoice = Draft(WithLines());
  EXPECT_EQ(invoice.amount, 35025);
  ASSERT_EQ(invoice.line_items.size(), 2u);
  EXPECT_EQ(invoice.line_items[0].quantity, DecimalQuantity::Whole(3));
  EXPECT_EQ(invoice.line_items[0].unit_amount, 10000);
  EXPECT_EQ(invoice.line_items[0].amount, 30000);
  EXPECT_EQ(invoice.line_items[0].service_period_start, std::nullopt);
  EXPECT_EQ(invoice.line_items[1].amount, 5025);
  EXPECT_EQ(invoice.line_items[1].service_period_start, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(invoice.line_items[1].service_period_end, absl::CivilDay(2026, 12, 31));
}

TEST(NewInvoiceTest, GivenAmountMustEqualTheLines) {
  InvoiceInput input = WithLines();
  input.amount = "350.25";
  EXPECT_EQ(Draft(input).amount, 35025);
  input.amount = "350.00";
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"});
  EXPECT_TRUE(Contains(Description(status, "amount"), "350.25")) << status;
}

TEST(NewInvoiceTest, CustomersDefaultCurrencyFillsAnEmptyCurrency) {
  InvoiceInput input = AmountOnly("1250");
  input.currency = "";
  Invoice invoice = NewInvoice("a", "i", input, "JPY", kCreated).value();
  EXPECT_EQ(invoice.currency, "JPY");
  EXPECT_EQ(invoice.amount, 1250);
}

TEST(NewInvoiceTest, AmountFollowsTheCurrencysMinorUnits) {
  InvoiceInput input = AmountOnly("12.345");
  input.currency = "KWD";
  EXPECT_EQ(Draft(input).amount, 12345);
  input.currency = "USD";
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"});
  EXPECT_TRUE(Contains(Description(status, "amount"), "at most 2 decimal places for USD"))
      << status;
}

TEST(NewInvoiceTest, ZeroAndNegativeAmountsAreRefused) {
  for (std::string amount : {"0", "0.00", "-12.50", "-0.01"}) {
    absl::Status status = NewInvoice("a", "i", AmountOnly(amount), "EUR", kCreated).status();
    EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError) << amount;
    EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"}) << amount;
  }
}

TEST(NewInvoiceTest, AmountIsRequiredWithoutLines) {
  absl::Status status = NewInvoice("a", "i", AmountOnly(""), "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"});
}

TEST(NewInvoiceTest, FreeLinesAreFineButTheTotalMustBePositive) {
  InvoiceInput input = AmountOnly("");
  input.line_items = {{"Setup (waived)", 1, "0", "", ""}, {"Licence", 2, "10.00", "", ""}};
  EXPECT_EQ(Draft(input).amount, 2000);

  input.line_items = {{"Setup (waived)", 1, "0", "", ""}};
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"line_items"});
}

TEST(NewInvoiceTest, EveryBadFieldIsReportedAtOnce) {
  InvoiceInput input;
  input.customer_id = "";
  input.currency = "usd";
  input.amount = "";
  input.due_date = "2026-02-29";
  input.notes = std::string(2001, 'n');
  input.line_items = {
      {"Good line", 1, "10.00", "2026-01-01", ""},
      {"Zero quantity", 0, "10.00", "", ""},
      {"", 1, "1.005", "", ""},
  };
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  // Without a valid currency amounts cannot be judged, so the unit amount
  // is not reported; everything else is.
  EXPECT_EQ(Fields(status),
            (std::vector<std::string>{"customer_id", "currency",
                                      "line_items[0].service_period_end",
                                      "line_items[1].quantity", "line_items[2].description",
                                      "due_date", "notes"}));
  EXPECT_TRUE(Contains(Description(status, "currency"), "upper case")) << status;

  input.currency = "USD";
  status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status),
            (std::vector<std::string>{"customer_id", "line_items[0].service_period_end",
                                      "line_items[1].quantity", "line_items[2].description",
                                      "line_items[2].unit_amount", "due_date", "notes"}));
}

TEST(NewInvoiceTest, QuantityIsAtMostOneBillion) {
  InvoiceInput input = AmountOnly("");
  input.line_items = {{"Most", 1'000'000'000, "0.01", "", ""}};
  EXPECT_TRUE(NewInvoice("a", "i", input, "USD", kCreated).ok());
  input.line_items = {{"Too many", 1'000'000'001, "0.01", "", ""}};
  absl::Status status = NewInvoice("a", "i", input, "USD", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"line_items[0].quantity"});
  EXPECT_TRUE(Contains(Description(status, "line_items[0].quantity"), "at most 1000000000"))
      << status;
}

TEST(NewInvoiceTest, ServicePeriodMustRunForwards) {
  InvoiceInput input = AmountOnly("");
  input.line_items = {{"Backwards", 1, "10.00", "2026-03-01", "2026-02-28"},
                      {"One day", 1, "10.00", "2026-03-01", "2026-03-01"},
                      {"No start", 1, "10.00", "", "2026-03-01"}};
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"line_items[0].service_period_end",
                                                     "line_items[2].service_period_start"}));
}

TEST(NewInvoiceTest, OverflowIsRefusedOnTheRightField) {
  InvoiceInput input = AmountOnly("");
  // 2 x 50000000000000000.00 USD does not fit in int64 minor units.
  input.line_items = {{"Huge", 2, "50000000000000000.00", "", ""}};
  EXPECT_EQ(Fields(NewInvoice("a", "i", input, "EUR", kCreated).status()),
            std::vector<std::string>{"line_items[0].unit_amount"});

  // Each line fits; their sum does not.
  input.line_items = {{"Big", 1, "50000000000000000.00", "", ""},
                      {"Big", 1, "50000000000000000.00", "", ""}};
  EXPECT_EQ(Fields(NewInvoice("a", "i", input, "EUR", kCreated).status()),
            std::vector<std::string>{"line_items"});
}

TEST(NewInvoiceTest, LimitsOnLinesNotesAndDescriptions) {
  InvoiceInput input = AmountOnly("");
  input.line_items.assign(100, LineItemInput{"Line", 1, "1.00", "", ""});
  EXPECT_EQ(Draft(input).amount, 10000);
  input.line_items.push_back({"One too many", 1, "1.00", "", ""});
  EXPECT_EQ(Fields(NewInvoice("a", "i", input, "EUR", kCreated).status()),
            std::vector<std::string>{"line_items"});

  input = AmountOnly();
  input.notes = std::string(2000, 'n');
  EXPECT_TRUE(NewInvoice("a", "i", input, "EUR", kCreated).ok());

  input = AmountOnly("");
  input.line_items = {{std::string(500, 'd'), 1, "1.00", "", ""}};
  EXPECT_TRUE(NewInvoice("a", "i", input, "EUR", kCreated).ok());
  input.line_items = {{std::string(501, 'd'), 1, "1.00", "", ""}};
  EXPECT_EQ(Fields(NewInvoice("a", "i", input, "EUR", kCreated).status()),
            std::vector<std::string>{"line_items[0].description"});
}

TEST(NewInvoiceTest, TooManyLinesIsOneViolationHoweverBadTheLines) {
  // Hostile input: the lines past the limit are never looked at, so their
  // count cannot make the error (or the memory behind it) grow.
  InvoiceInput input = AmountOnly("");
  input.line_items.assign(350'000, LineItemInput{"", 0, "x", "bad", ""});
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"line_items"});
  EXPECT_EQ(NotListedViolationsOf(status), 0u);
  EXPECT_TRUE(Contains(Description(status, "line_items"), "at most 100"));
}

TEST(NewInvoiceTest, ViolationsPastFiftyAreCountedNotListed) {
  // 100 lines with 4 bad fields each: 400 violations found, 50 listed.
  InvoiceInput input = AmountOnly("");
  input.line_items.assign(100, LineItemInput{"", 0, "x", "bad", ""});
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(FieldViolationsOf(status).size(), ViolationCollector::kMaxReported);
  EXPECT_EQ(NotListedViolationsOf(status), 400u - ViolationCollector::kMaxReported);
  EXPECT_TRUE(Contains(Message(status), "and 350 more violations not listed"));
}

TEST(NewInvoiceTest, JunkTextIsRefused) {
  InvoiceInput input = AmountOnly("");
  input.line_items = {{"\xe2\x80\x8b\xef\xbb\xbf\xc2\xa0", 1, "1.00", "", ""},  // invisible
                      {std::string("Line\0two", 8), 1, "1.00", "", ""},         // NUL
                      {"Line\ntwo", 1, "1.00", "", ""},                          // line break
                      {"\xff\xfe", 1, "1.00", "", ""}};                          // not UTF-8
  input.notes = "ok\nso far\x1b[2J";
  absl::Status status = NewInvoice("a", "i", input, "EUR", kCreated).status();
  EXPECT_EQ(Fields(status),
            (std::vector<std::string>{"line_items[0].description", "line_items[1].description",
                                      "line_items[2].description", "line_items[3].description",
                                      "notes"}));

  // Notes may span lines; descriptions are stored trimmed of invisible ends.
  input.notes = "Thanks!\r\n\tPay by wire.";
  input.line_items = {{"\xef\xbb\xbf Support \xe2\x80\x8b", 1, "1.00", "", ""}};
  absl::StatusOr<Invoice> invoice = NewInvoice("a", "i", input, "EUR", kCreated);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->line_items[0].description, "Support");
  EXPECT_EQ(invoice->notes, input.notes);
}

TEST(NewInvoiceTest, DueDateIsOptionalUntilProcessing) {
  InvoiceInput input = AmountOnly();
  input.due_date = "";
  absl::StatusOr<Invoice> invoice = NewInvoice("a", "i", input, "EUR", kCreated);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_FALSE(invoice->has_due_date);

  input.due_date = "2026-02-30";
  EXPECT_EQ(Fields(NewInvoice("a", "i", input, "EUR", kCreated).status()),
            std::vector<std::string>{"due_date"}) << "a date given must be a real one";
}

// ---- The due date at processing (payment terms)

TEST(SetDueDateAtProcessingTest, WithoutOneTheCustomersTermsElseTheOrganizations) {
  InvoiceInput input = AmountOnly();
  input.due_date = "";
  Invoice invoice = *NewInvoice("a", "i", input, "EUR", kCreated);
  const absl::CivilDay issued(2026, 3, 10);

  Invoice by_customer = invoice;
  ASSERT_TRUE(SetDueDateAtProcessing(by_customer, issued, 14, 30).ok());
  EXPECT_TRUE(by_customer.has_due_date);
  EXPECT_EQ(by_customer.due_date, absl::CivilDay(2026, 3, 24));

  Invoice by_organization = invoice;
  ASSERT_TRUE(SetDueDateAtProcessing(by_organization, issued, std::nullopt, 30).ok());
  EXPECT_EQ(by_organization.due_date, absl::CivilDay(2026, 4, 9));
}

TEST(SetDueDateAtProcessingTest, ItsOwnIsKeptAndRefusedWhenBeforeTheIssueDate) {
  Invoice invoice = *NewInvoice("a", "i", AmountOnly(), "EUR", kCreated);  // due 2026-12-01
  Invoice same_day = invoice;
  ASSERT_TRUE(SetDueDateAtProcessing(same_day, absl::CivilDay(2026, 12, 1), 7, 30).ok());
  EXPECT_EQ(same_day.due_date, absl::CivilDay(2026, 12, 1)) << "due on receipt is fine";

  Invoice late = invoice;
  absl::Status refused = SetDueDateAtProcessing(late, absl::CivilDay(2026, 12, 2), 7, 30);
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"due_date"});
  EXPECT_TRUE(Contains(Description(refused, "due_date"), "2026-12-02")) << refused;
}

TEST(UpdateInvoiceTest, AnEmptyDueDateRemovesItOnlyFromADraft) {
  InvoiceInput input = AmountOnly();
  input.due_date = "";
  absl::StatusOr<InvoiceUpdate> cleared = UpdateInvoice(Draft(), input, {"due_date"}, kLater);
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_FALSE(cleared->invoice.has_due_date);

  input.due_date = "2027-01-15";
  absl::StatusOr<InvoiceUpdate> given =
      UpdateInvoice(cleared->invoice, input, {"due_date"}, kLater);
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_TRUE(given->invoice.has_due_date);
  EXPECT_EQ(given->invoice.due_date, absl::CivilDay(2027, 1, 15));

  Invoice pending = Draft();
  ASSERT_TRUE(ApplyTransition(pending, InvoiceStatus::kPending, kLater).ok());
  input.due_date = "";
  EXPECT_EQ(Fields(UpdateInvoice(pending, input, {"due_date"}, kLater).status()),
            std::vector<std::string>{"due_date"})
      << "an issued invoice keeps a due date";
}

// ---- Replacing and deleting

TEST(ReplaceInvoiceTest, DraftIsReplacedKeepingIdentity) {
  Invoice current = Draft();
  Invoice replaced = ReplaceInvoice(current, WithLines(), "EUR", kLater).value();
  EXPECT_EQ(replaced.id, "inv_1");
  EXPECT_EQ(replaced.account_id, "acct");
  EXPECT_EQ(replaced.amount, 35025);
  EXPECT_EQ(replaced.line_items.size(), 2u);
  EXPECT_EQ(replaced.status, InvoiceStatus::kDraft);
  EXPECT_EQ(replaced.create_time, kCreated);
  EXPECT_EQ(replaced.update_time, kLater);
}

TEST(ReplaceInvoiceTest, OnlyDraftsCanBeReplaced) {
  for (InvoiceStatus status :
       {InvoiceStatus::kPending, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    absl::Status result = ReplaceInvoice(InvoiceIn(status), AmountOnly(), "EUR", kLater).status();
    EXPECT_EQ(result.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorCodeOf(result), ErrorCode::kInvoiceNotEditable);
    EXPECT_TRUE(Contains(Message(result), absl::StrCat("invoice inv_1 is ",
                                                       InvoiceStatusName(status).data(),
                                                       "; only drafts can be replaced")))
        << result;
  }
}

TEST(CheckDeletableTest, OnlyDraftsCanBeDeleted) {
  EXPECT_TRUE(CheckDeletable(Draft()).ok());
  for (InvoiceStatus status :
       {InvoiceStatus::kPending, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    absl::Status result = CheckDeletable(InvoiceIn(status));
    EXPECT_EQ(ErrorCodeOf(result), ErrorCode::kInvoiceNotEditable);
    EXPECT_TRUE(Contains(Message(result), InvoiceStatusName(status))) << result;
  }
}

// ---- Partial updates

TEST(UpdateInvoiceTest, MaskMustNameKnownFields) {
  absl::Status empty = UpdateInvoice(Draft(), AmountOnly(), {}, kLater).status();
  EXPECT_EQ(ErrorCodeOf(empty), ErrorCode::kValidationError);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"update_mask"});

  absl::Status unknown =
      UpdateInvoice(Draft(), AmountOnly(), {"notes", "dueDate", "id"}, kLater).status();
  EXPECT_EQ(Fields(unknown), (std::vector<std::string>{"update_mask", "update_mask"}));
  EXPECT_TRUE(Contains(Message(unknown), "\"dueDate\"")) << unknown;
}

TEST(UpdateInvoiceTest, AMaskNamingAReadOnlyFieldSaysSo) {
  for (std::string path : {"amount_due", "amount_paid", "number", "create_time"}) {
    absl::Status refused = UpdateInvoice(Draft(), AmountOnly(), {"notes", path}, kLater).status();
    EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kValidationError) << path;
    EXPECT_TRUE(Contains(Message(refused), "read-only field \"" + path + "\"")) << refused;
  }
  absl::Status typo = UpdateInvoice(Draft(), AmountOnly(), {"dueDate"}, kLater).status();
  EXPECT_TRUE(Contains(Message(typo), "unknown field \"dueDate\"")) << typo;
}

TEST(UpdateInvoiceTest, NotesChangeInEveryStatus) {
  for (InvoiceStatus status : kAllStatuses) {
    InvoiceInput input;
    input.notes = "thanks!";
    InvoiceUpdate update = UpdateInvoice(InvoiceIn(status), input, {"notes"}, kLater).value();
    EXPECT_EQ(update.invoice.notes, "thanks!");
    EXPECT_EQ(update.invoice.status, status);
    EXPECT_EQ(update.invoice.update_time, kLater);
    EXPECT_EQ(update.new_status, std::nullopt);
  }
}

TEST(UpdateInvoiceTest, DueDateChangesUntilPaid) {
  InvoiceInput input;
  input.due_date = "2027-01-15";
  for (InvoiceStatus status : {InvoiceStatus::kDraft, InvoiceStatus::kPending}) {
    EXPECT_EQ(UpdateInvoice(InvoiceIn(status), input, {"due_date"}, kLater).value().invoice.due_date,
              absl::CivilDay(2027, 1, 15));
  }
  // Paid and cancelled are final records; their due date no longer moves.
  for (InvoiceStatus status : {InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    absl::Status result = UpdateInvoice(InvoiceIn(status), input, {"due_date"}, kLater).status();
    EXPECT_EQ(result.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorCodeOf(result), ErrorCode::kInvoiceNotEditable);
    EXPECT_TRUE(Contains(Message(result), "due_date")) << result;
  }
}

TEST(UpdateInvoiceTest, MoneyAndCustomerChangeOnlyWhileDraft) {
  InvoiceInput input = WithLines();
  input.customer_id = "cus_2";
  input.currency = "EUR";
  input.amount = "350.25";
  for (std::string path : {"amount", "currency", "customer_id", "line_items"}) {
    for (InvoiceStatus status :
         {InvoiceStatus::kPending, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
      absl::Status result = UpdateInvoice(InvoiceIn(status), input, {path}, kLater).status();
      EXPECT_EQ(ErrorCodeOf(result), ErrorCode::kInvoiceNotEditable) << path << result;
      EXPECT_TRUE(Contains(Message(result), path)) << result;
    }
    EXPECT_TRUE(UpdateInvoice(Draft(), input, {path, "line_items"}, kLater).ok()) << path;
  }
}

TEST(UpdateInvoiceTest, NotEditableMessageGivesEachFieldsRule) {
  InvoiceInput input = AmountOnly("5.00");
  absl::Status status =
      UpdateInvoice(InvoiceIn(InvoiceStatus::kPaid), input, {"amount", "due_date"}, kLater)
          .status();
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kInvoiceNotEditable);
  EXPECT_TRUE(Contains(Message(status), "invoice inv_1 is paid")) << status;
  EXPECT_TRUE(Contains(Message(status), "amount can change only while the invoice is a draft"))
      << status;
  EXPECT_TRUE(Contains(Message(status), "due_date can change only until the invoice is paid"))
      << status;
}

TEST(UpdateInvoiceTest, ChangesOnlyNamedFields) {
  InvoiceInput input = AmountOnly("99.99");
  input.customer_id = "cus_2";
  input.notes = "not named";
  Invoice updated = UpdateInvoice(Draft(), input, {"amount", "customer_id"}, kLater).value().invoice;
  EXPECT_EQ(updated.amount, 9999);
  EXPECT_EQ(updated.customer_id, "cus_2");
  EXPECT_EQ(updated.notes, "");
  EXPECT_EQ(updated.currency, "USD");
  EXPECT_EQ(updated.create_time, kCreated);
}

TEST(UpdateInvoiceTest, NewLinesRecomputeTheAmount) {
  InvoiceInput input;
  input.line_items = {{"Widget", 4, "2.50", "", ""}};
  Invoice updated = UpdateInvoice(Draft(), input, {"line_items"}, kLater).value().invoice;
  EXPECT_EQ(updated.amount, 1000);
  ASSERT_EQ(updated.line_items.size(), 1u);
  EXPECT_EQ(updated.line_items[0].amount, 1000);
}

TEST(UpdateInvoiceTest, AmountOfAnInvoiceWithLinesMustEqualTheirSum) {
  Invoice current = Draft(WithLines());  // 350.25
  InvoiceInput input;
  input.amount = "400.00";
  absl::Status status = UpdateInvoice(current, input, {"amount"}, kLater).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"});
  input.amount = "350.25";
  EXPECT_EQ(UpdateInvoice(current, input, {"amount"}, kLater).value().invoice.amount, 35025);
}

TEST(UpdateInvoiceTest, AmountMustStayPositive) {
  InvoiceInput input;
  input.amount = "0";
  EXPECT_EQ(Fields(UpdateInvoice(Draft(), input, {"amount"}, kLater).status()),
            std::vector<std::string>{"amount"});
}

TEST(UpdateInvoiceTest, CurrencyAloneKeepsTheDecimalValue) {
  Invoice current = Draft(WithLines());  // 350.25 USD: 3 x 100.00 + 50.25
  InvoiceInput input;
  input.currency = "KWD";
  Invoice kwd = UpdateInvoice(current, input, {"currency"}, kLater).value().invoice;
  EXPECT_EQ(kwd.currency, "KWD");
  EXPECT_EQ(kwd.amount, 350250);  // 350.250 KWD
  EXPECT_EQ(kwd.line_items[0].unit_amount, 100000);
  EXPECT_EQ(kwd.line_items[1].amount, 50250);

  input.currency = "EUR";
  EXPECT_EQ(UpdateInvoice(current, input, {"currency"}, kLater).value().invoice.amount, 35025);

  // 350.25 cannot be written in yen: the caller must send new amounts.
  input.currency = "JPY";
  absl::Status status = UpdateInvoice(current, input, {"currency"}, kLater).status();
  EXPECT_EQ(Fields(status), std::vector<std::string>{"currency"});
  input.line_items = {{"Consulting", 1, "35025", "", ""}};
  Invoice jpy = UpdateInvoice(current, input, {"currency", "line_items"}, kLater).value().invoice;
  EXPECT_EQ(jpy.amount, 35025);
  EXPECT_EQ(jpy.currency, "JPY");
}

TEST(UpdateInvoiceTest, StatusMovesByTheLifecycle) {
  InvoiceInput input;
  input.status = InvoiceStatus::kPaid;
  InvoiceUpdate update =
      UpdateInvoice(InvoiceIn(InvoiceStatus::kPending), input, {"status"}, kLater).value();
  EXPECT_EQ(update.new_status, InvoiceStatus::kPaid);
  EXPECT_EQ(update.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(update.invoice.pay_time, kLater);

  absl::Status refused = UpdateInvoice(Draft(), input, {"status"}, kLater).status();
  EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kInvalidStateTransition);
  EXPECT_TRUE(Contains(Message(refused), "from draft to paid")) << refused;

  input.status = InvoiceStatus::kCancelled;
  refused = UpdateInvoice(InvoiceIn(InvoiceStatus::kPaid), input, {"status"}, kLater).status();
  EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kInvalidStateTransition);
}

TEST(UpdateInvoiceTest, StatusAndEditsTogetherAreJudgedAgainstTheCurrentStatus) {
  // A draft may get new notes and a new amount and be processed in one call.
  InvoiceInput input = AmountOnly("20.00");
  input.status = InvoiceStatus::kPending;
  InvoiceUpdate update = UpdateInvoice(Draft(), input, {"amount", "status"}, kLater).value();
  EXPECT_EQ(update.invoice.amount, 2000);
  EXPECT_EQ(update.new_status, InvoiceStatus::kPending);
  EXPECT_EQ(update.invoice.process_time, kLater);
}

TEST(UpdateInvoiceTest, StatusPathNeedsAStatus) {
  InvoiceInput input;  // status unset
  EXPECT_EQ(Fields(UpdateInvoice(Draft(), input, {"status"}, kLater).status()),
            std::vector<std::string>{"status"});
}

TEST(UpdateInvoiceTest, EveryBadFieldIsReportedAtOnce) {
  InvoiceInput input;
  input.customer_id = "bad id";
  input.amount = "1.001";
  input.due_date = "tomorrow";
  input.notes = std::string(2001, 'n');
  absl::Status status =
      UpdateInvoice(Draft(), input, {"customer_id", "amount", "due_date", "notes"}, kLater)
          .status();
  EXPECT_EQ(Fields(status),
            (std::vector<std::string>{"customer_id", "amount", "due_date", "notes"}));
}

// Issue 18 item 1: only an issued invoice (pending, paid; since issue 22
// uncollectible, still owed) is emailed.
TEST(InvoiceEmailTest, OnlyIssuedInvoicesAreQueued) {
  for (InvoiceStatus status : kAllStatuses) {
    SCOPED_TRACE(InvoiceStatusName(status));
    Invoice invoice = InvoiceIn(status);
    const bool issued = status == InvoiceStatus::kPending || status == InvoiceStatus::kPaid ||
                        status == InvoiceStatus::kUncollectible;
    EXPECT_EQ(IsIssued(status), issued);
    absl::Status queued = ResendInvoiceEmail(invoice, true, kLater);
    if (issued) {
      EXPECT_TRUE(queued.ok()) << queued;
      EXPECT_EQ(invoice.delivery.status, InvoiceDeliveryStatus::kQueued);
    } else {
      EXPECT_EQ(ErrorCodeOf(queued), ErrorCode::kInvoiceNotIssued);
      EXPECT_EQ(invoice.delivery.status, InvoiceDeliveryStatus::kNone) << "nothing queued";
      EXPECT_EQ(ErrorCodeOf(QueueInvoiceEmail(invoice, true, kLater)),
                ErrorCode::kInvoiceNotIssued);
    }
  }
}

// Issue 18 item 8: resending without SMTP does nothing, so it is refused.
TEST(InvoiceEmailTest, ResendingWithoutMailIsRefusedAndChangesNothing) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  invoice.delivery.status = InvoiceDeliveryStatus::kNotConfigured;
  EXPECT_EQ(ErrorCodeOf(ResendInvoiceEmail(invoice, false, kLater)),
            ErrorCode::kEmailNotConfigured);
  EXPECT_EQ(invoice.delivery.status, InvoiceDeliveryStatus::kNotConfigured);
  // Processing without SMTP still shows it, never a silent success.
  Invoice draft = Draft();
  ASSERT_TRUE(ApplyTransition(draft, InvoiceStatus::kPending, kLater).ok());
  ASSERT_TRUE(QueueInvoiceEmail(draft, false, kLater).ok());
  EXPECT_EQ(draft.delivery.status, InvoiceDeliveryStatus::kNotConfigured);
}

// Cancelling withdraws a queued email; one already sent stays sent.
TEST(InvoiceEmailTest, CancellingWithdrawsAQueuedEmail) {
  Invoice queued = InvoiceIn(InvoiceStatus::kPending);
  ASSERT_TRUE(QueueInvoiceEmail(queued, true, kLater).ok());
  ASSERT_TRUE(ApplyTransition(queued, InvoiceStatus::kCancelled, kLater).ok());
  EXPECT_EQ(queued.delivery.status, InvoiceDeliveryStatus::kFailed);
  EXPECT_EQ(queued.delivery.last_error, kEmailWithdrawnError);
  EXPECT_FALSE(queued.delivery.next_attempt_time.has_value());

  Invoice sent = InvoiceIn(InvoiceStatus::kPending);
  sent.delivery.status = InvoiceDeliveryStatus::kSent;
  ASSERT_TRUE(ApplyTransition(sent, InvoiceStatus::kCancelled, kLater).ok());
  EXPECT_EQ(sent.delivery.status, InvoiceDeliveryStatus::kSent);
  EXPECT_FALSE(WithdrawInvoiceEmail(sent));
}

// ---- Tax, decimal quantities and discounts (issue 19)

TaxRate RateOf(std::string id, int64_t percentage, bool inclusive = false, bool active = true) {
  TaxRate rate;
  rate.account_id = "acct";
  rate.id = std::move(id);
  rate.terms.percentage = percentage;
  rate.terms.inclusive = inclusive;
  rate.active = active;
  return rate;
}

TaxRatesById Rates(std::vector<TaxRate> rates) {
  TaxRatesById by_id;
  for (TaxRate& rate : rates) by_id.emplace(rate.id, std::move(rate));
  return by_id;
}

InvoiceInput EurLines(std::vector<LineItemInput> lines) {
  InvoiceInput input = AmountOnly("");
  input.currency = "EUR";
  input.line_items = std::move(lines);
  return input;
}

LineItemInput TaxedLine(std::string unit, std::string rate = "", int64_t quantity = 1) {
  LineItemInput line;
  line.description = "Work";
  line.quantity = quantity;
  line.unit_amount = std::move(unit);
  line.tax_rate_id = std::move(rate);
  return line;
}

TEST(InvoiceTaxTest, TheAmountIsTheGrossTotalAndAGivenAmountMustEqualIt) {
  const TaxRatesById rates = Rates({RateOf("txr_vat", 190000)});
  InvoiceInput input = EurLines(std::vector<LineItemInput>(7, TaxedLine("0.07", "txr_vat")));
  absl::StatusOr<Invoice> invoice = NewInvoice("acct", "inv_1", input, "EUR", kCreated, rates);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->subtotal, 49);
  EXPECT_EQ(invoice->tax_amount, 9);
  EXPECT_EQ(invoice->amount, 58);
  ASSERT_EQ(invoice->tax_breakdown.size(), 1u);
  EXPECT_EQ(invoice->line_items[0].tax_rate->percentage, 190000) << "the terms travel with the line";

  input.amount = "0.49";  // the net is not what is due
  absl::StatusOr<Invoice> wrong = NewInvoice("acct", "inv_1", input, "EUR", kCreated, rates);
  EXPECT_EQ(Fields(wrong.status()), std::vector<std::string>{"amount"});
  EXPECT_TRUE(Contains(Description(wrong.status(), "amount"), "0.58"));
  input.amount = "0.58";
  EXPECT_TRUE(NewInvoice("acct", "inv_1", input, "EUR", kCreated, rates).ok());
}

TEST(InvoiceTaxTest, ADecimalQuantityComesInItsOwnFieldAndMustAgreeWithTheInteger) {
  LineItemInput line = TaxedLine("10.00");
  line.quantity = 0;
  line.quantity_decimal = "7.5";
  absl::StatusOr<Invoice> invoice = NewInvoice("acct", "inv_1", EurLines({line}), "EUR", kCreated);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->line_items[0].quantity, DecimalQuantity{75'000});
  EXPECT_EQ(invoice->amount, 7500);

  line.quantity = 7;  // disagrees with 7.5
  EXPECT_EQ(Fields(NewInvoice("acct", "inv_1", EurLines({line}), "EUR", kCreated).status()),
            std::vector<std::string>{"line_items[0].quantity"});
  line.quantity = 0;
  for (const char* bad : {"1.00001", "0", "-1", "1e3"}) {
    line.quantity_decimal = bad;
    EXPECT_EQ(Fields(NewInvoice("acct", "inv_1", EurLines({line}), "EUR", kCreated).status()),
              std::vector<std::string>{"line_items[0].quantity_decimal"})
        << bad;
  }
}

TEST(InvoiceTaxTest, ADiscountLowersTheLineAndNeverExceedsIt) {
  LineItemInput line = TaxedLine("10.00", "", 3);
  line.discount_amount = "5.00";
  absl::StatusOr<Invoice> invoice = NewInvoice("acct", "inv_1", EurLines({line}), "EUR", kCreated);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->amount, 2500);
  EXPECT_EQ(invoice->line_items[0].amount, 3000) << "the line's amount is before its discount";
  EXPECT_EQ(invoice->line_items[0].net_amount, 2500);

  for (const char* bad : {"30.01", "-1.00", "1.001"}) {
    line.discount_amount = bad;
    EXPECT_EQ(Fields(NewInvoice("acct", "inv_1", EurLines({line}), "EUR", kCreated).status()),
              std::vector<std::string>{"line_items[0].discount_amount"})
        << bad;
  }
}

TEST(InvoiceTaxTest, RatesAreLookedUpAndAnArchivedOneIsNotSetOnANewLine) {
  const TaxRatesById rates =
      Rates({RateOf("txr_vat", 190000), RateOf("txr_old", 160000, false, /*active=*/false),
             RateOf("txr_incl", 70000, /*inclusive=*/true)});
  absl::Status missing = NewInvoice("acct", "inv_1", EurLines({TaxedLine("1.00", "txr_gone")}),
                                    "EUR", kCreated, rates)
                             .status();
  EXPECT_EQ(ErrorCodeOf(missing), ErrorCode::kTaxRateNotFound);
  EXPECT_EQ(Fields(NewInvoice("acct", "inv_1", EurLines({TaxedLine("1.00", "txr_old")}), "EUR",
                              kCreated, rates)
                       .status()),
            std::vector<std::string>{"line_items[0].tax_rate_id"});
  EXPECT_EQ(Fields(NewInvoice("acct", "inv_1",
                              EurLines({TaxedLine("1.00", "txr_vat"), TaxedLine("1.00", "txr_incl")}),
                              "EUR", kCreated, rates)
                       .status()),
            std::vector<std::string>{"line_items[1].tax_rate_id"});

  // Once set, a rate archived later keeps applying to the draft's lines.
  InvoiceInput input = EurLines({TaxedLine("1.00"), TaxedLine("2.00")});
  input.default_tax_rate_id = "txr_vat";
  Invoice draft = NewInvoice("acct", "inv_1", input, "EUR", kCreated, rates).value();
  TaxRatesById later = rates;
  later.at("txr_vat").active = false;
  InvoiceInput notes;
  notes.notes = "still a draft";
  absl::StatusOr<InvoiceUpdate> update = UpdateInvoice(draft, notes, {"notes"}, kLater, later);
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->invoice.tax_amount, draft.tax_amount);
}

TEST(InvoiceTaxTest, ChangingTheDefaultRateRepricesTheDraft) {
  const TaxRatesById rates = Rates({RateOf("txr_vat", 190000), RateOf("txr_low", 70000)});
  InvoiceInput input = EurLines({TaxedLine("100.00"), TaxedLine("100.00", "txr_low")});
  input.default_tax_rate_id = "txr_vat";
  Invoice draft = NewInvoice("acct", "inv_1", input, "EUR", kCreated, rates).value();
  EXPECT_EQ(draft.amount, 22600);
  InvoiceInput change;
  change.default_tax_rate_id = "txr_low";
  absl::StatusOr<InvoiceUpdate> update =
      UpdateInvoice(draft, change, {"default_tax_rate_id"}, kLater, rates);
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->invoice.amount, 21400);
  EXPECT_EQ(update->invoice.tax_breakdown.size(), 1u);
}

TEST(InvoiceTaxTest, ProcessingRatesFreezeTheTermsAndStoredTotalsAreRecomputed) {
  const TaxRatesById rates = Rates({RateOf("txr_vat", 190000)});
  Invoice invoice =
      NewInvoice("acct", "inv_1", EurLines({TaxedLine("100.00", "txr_vat")}), "EUR", kCreated,
                 rates)
          .value();
  TaxRatesById now = rates;
  now.at("txr_vat").terms.percentage = 200000;
  ASSERT_TRUE(ApplyTaxRates(invoice, now).ok());
  EXPECT_EQ(invoice.amount, 12000);
  // As storage reads it back: the frozen terms, whatever the rate says now.
  Invoice read = invoice;
  read.subtotal = read.tax_amount = 0;
  read.tax_breakdown.clear();
  ASSERT_TRUE(ComputeInvoiceTotals(read).ok());
  EXPECT_EQ(read.tax_amount, 2000);
  EXPECT_EQ(read.tax_breakdown, invoice.tax_breakdown);
}

}  // namespace
}  // namespace billing::domain
