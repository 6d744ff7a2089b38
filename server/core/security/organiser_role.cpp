#include "core/security/organiser_role.hpp"

#include <algorithm>

namespace rq::core {

std::string_view to_string(OrganiserRole role) {
  switch (role) {
    case OrganiserRole::admin: return "admin";
    case OrganiserRole::organiser: return "organiser";
    case OrganiserRole::viewer: return "viewer";
  }
  return "admin";
}

std::optional<OrganiserRole> organiser_role_of(std::string_view text) {
  if (text == "admin") return OrganiserRole::admin;
  if (text == "organiser") return OrganiserRole::organiser;
  if (text == "viewer") return OrganiserRole::viewer;
  return std::nullopt;
}

bool may(const OrganiserAccess& access, Permission permission, std::string_view contest) {
  if (access.role == OrganiserRole::admin || permission == Permission::signed_in) return true;
  const bool named = std::find(access.contests.begin(), access.contests.end(), contest) != access.contests.end();
  switch (permission) {
    case Permission::signed_in: return true;
    case Permission::manage_accounts:
    case Permission::create_contest: return false;
    case Permission::manage_banks: return access.role == OrganiserRole::organiser;
    case Permission::read_contest: return named;
    case Permission::change_contest:
    case Permission::personal_data: return named && access.role == OrganiserRole::organiser;
  }
  return false;
}

std::optional<std::string> access_problem(const OrganiserAccess& access) {
  if (access.role != OrganiserRole::admin && access.contests.empty()) {
    return "a" + std::string(access.role == OrganiserRole::organiser ? "n " : " ") + std::string(to_string(access.role)) +
           " needs at least one contest";
  }
  return std::nullopt;
}

OrganiserAccess normalised(OrganiserAccess access) {
  if (access.role == OrganiserRole::admin) access.contests.clear();
  std::sort(access.contests.begin(), access.contests.end());
  access.contests.erase(std::unique(access.contests.begin(), access.contests.end()), access.contests.end());
  return access;
}

}  // namespace rq::core
