// Flags shared by the subcommands of billing-server.
#ifndef BILLING_SERVER_FLAGS_H_
#define BILLING_SERVER_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, db);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, account);

#endif  // BILLING_SERVER_FLAGS_H_
