// Organiser roles (issue 12): who may do what on the organiser API.
//  - admin: everything, every contest, and the organiser accounts;
//  - organiser: the contests named on their account (review, close,
//    finalize, publish, disqualify, download with contact details), and the
//    question banks, which are shared between contests;
//  - viewer: read-only dashboards of the contests named on their account,
//    with no personal data (phones masked, ID numbers and exclusion lists
//    left out, no files with contact details).
// An account from before roles is an admin: every account could do
// everything then, and taking that away silently would lock contests out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rq::core {

enum class OrganiserRole { admin, organiser, viewer };

std::string_view to_string(OrganiserRole role);
std::optional<OrganiserRole> organiser_role_of(std::string_view text);

// What a request needs. Contest-scoped needs name the contest.
enum class Permission {
  signed_in,        // log out, change one's own password, read one's own account
  manage_accounts,  // create organiser accounts, set their roles
  manage_banks,     // upload, list, read and download question banks (they hold the answers)
  create_contest,
  read_contest,     // dashboards without personal data
  change_contest,   // close, finalize, publish, disqualify
  personal_data,    // names with phones and ID numbers, files with contact details
};

struct OrganiserAccess {
  std::string username;
  OrganiserRole role = OrganiserRole::admin;
  std::vector<std::string> contests;  // for organiser and viewer: the contests they work on
};

bool may(const OrganiserAccess& access, Permission permission, std::string_view contest = {});

// Why an account cannot be given this access (an organiser or viewer with no
// contest would see nothing and could do nothing); nullopt when it can. An
// admin's contest list is ignored: `normalised` clears it.
std::optional<std::string> access_problem(const OrganiserAccess& access);
OrganiserAccess normalised(OrganiserAccess access);

}  // namespace rq::core
