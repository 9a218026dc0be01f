// The subcommands of billing-server; each returns the process exit code.
#ifndef BILLING_SERVER_COMMANDS_H_
#define BILLING_SERVER_COMMANDS_H_

namespace billing::server {

// billing-server [serve] --listen=HOST:PORT --db=PATH
int RunServe();

// billing-server backup --db=PATH --to=FILE
int RunBackup();

}  // namespace billing::server

#endif  // BILLING_SERVER_COMMANDS_H_
