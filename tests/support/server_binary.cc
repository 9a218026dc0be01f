#include "tests/support/server_binary.h"

namespace billing::testing {

// The path is absolute: it lives in this one file, so that a build in another
// directory recompiles only this file, and every test file stays in ccache.
const char* ServerBinary() { return BILLING_SERVER_BINARY; }

}  // namespace billing::testing
