// `reformquiz results verify-final CONTEST`: the published final ranking
// recomputed from the stored entries of its rounds, the people, the
// disqualifications in force when it was finalized and the rounds' published
// prizes, compared field by field. The rounds' own entries are verified by
// `reformquiz results verify CONTEST ROUND` (drawn and scored again).
#pragma once

#include <string>

#include "cli/store_session.hpp"

namespace rq::cli {

// The exit code; prints every difference, or what was verified.
int verify_final(StoreSession& session, const std::string& contest);

}  // namespace rq::cli
