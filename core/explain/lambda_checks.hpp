// SPDX-License-Identifier: MIT
// Lambda checks its execution role itself when it creates or updates a function ("The provided execution
// role does not have permissions to call CreateNetworkInterface on EC2"), and for one feature it checks a
// set of actions, one at a time: granting only the action the first error names makes the next deploy fail
// on the following one. The fix for such a check grants the set.
#pragma once
#include <string>
#include <vector>

namespace wd::explain {

// The actions Lambda checks together with `action` (which is included), or {} when `action` is not
// part of such a set. Compared case-insensitively; returned in the catalog's spelling.
std::vector<std::string> checked_together(const std::string& action);

}  // namespace wd::explain
