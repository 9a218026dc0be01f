// billing-server numbering set-prefix: an account's invoice or credit note
// number prefix, set on the database directly like `keys` (the service may
// be running; numbers issued from then on use it).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "app/document_numbers.h"
#include "server/commands.h"
#include "server/flags.h"
#include "server/store_factory.h"

ABSL_FLAG(std::string, kind, "invoice", "numbering: invoice or credit_note");
ABSL_FLAG(std::string, prefix, "", "numbering set-prefix: e.g. ACME- (1-12 characters)");

namespace billing::server {

int RunNumbering(const std::vector<std::string>& args) {
  const std::string kind_name = absl::GetFlag(FLAGS_kind);
  if (args != std::vector<std::string>{"set-prefix"} ||
      (kind_name != "invoice" && kind_name != "credit_note")) {
    std::fprintf(stderr,
                 "usage: billing-server numbering set-prefix --db=PATH --account=ACCOUNT "
                 "--kind=invoice|credit_note --prefix=PREFIX\n");
    return EXIT_FAILURE;
  }
  const domain::DocumentKind kind =
      kind_name == "invoice" ? domain::DocumentKind::kInvoice : domain::DocumentKind::kCreditNote;
  absl::StatusOr<std::unique_ptr<app::Store>> store =
      OpenStore(absl::GetFlag(FLAGS_db), {.connections = 1});
  absl::Status status = store.status();
  if (status.ok()) {
    status = app::DocumentNumbers(**store).SetPrefix(absl::GetFlag(FLAGS_account), kind,
                                                     absl::GetFlag(FLAGS_prefix));
  }
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(status.message()).c_str());
    return EXIT_FAILURE;
  }
  std::printf("%s numbers of account %s now start with %s\n", kind_name.c_str(),
              absl::GetFlag(FLAGS_account).c_str(), absl::GetFlag(FLAGS_prefix).c_str());
  return EXIT_SUCCESS;
}

}  // namespace billing::server
