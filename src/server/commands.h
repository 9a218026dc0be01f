// The subcommands of billing-server; each returns the process exit code.
#ifndef BILLING_SERVER_COMMANDS_H_
#define BILLING_SERVER_COMMANDS_H_

#include <string>
#include <vector>

namespace billing::server {

// billing-server [serve] --listen=HOST:PORT --db=PATH
int RunServe();

// billing-server backup --db=PATH --to=FILE
int RunBackup();

// billing-server copy-data --from=SQLITE_PATH --to=POSTGRES_URI
int RunCopyData();

// billing-server keys create|list|revoke ... (args: what follows "keys")
int RunKeys(const std::vector<std::string>& args);

// billing-server numbering set-prefix --account=A --kind=invoice|credit_note --prefix=P
int RunNumbering(const std::vector<std::string>& args);

// billing-server collections run --db=PATH [--as-of=YYYY-MM-DD]
int RunCollections(const std::vector<std::string>& args);

}  // namespace billing::server

#endif  // BILLING_SERVER_COMMANDS_H_
