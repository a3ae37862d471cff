// SPDX-License-Identifier: MIT
// How a Principal element named the caller, weakest first. The evaluator needs the difference:
// an account grant delegates to IAM, a role grant is limited by boundaries and session policies,
// a direct grant (user, session, `*`) is not.
#pragma once

namespace wd::iam {

enum class principal_match { none, account, role, service, wildcard, direct };
const char* to_string(principal_match m);

}  // namespace wd::iam
