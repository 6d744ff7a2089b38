#include "cli/admin_commands.hpp"

#include <iostream>

#include "core/clock.hpp"
#include "cli/store_session.hpp"
#include "core/security/organiser_role.hpp"
#include "core/security/password.hpp"
#include "store/admin_repository.hpp"
#include "store/keys.hpp"
#include "store/redis_url.hpp"

namespace rq::cli {
namespace {

// The --role and --contest flags of `add` and `role`, as given.
struct AccessFlags {
  std::string role = "admin";
  std::vector<std::string> contests;
};

void add_access_flags(CLI::App& command, AccessFlags& flags, bool role_required) {
  auto* role = command.add_option("--role", flags.role,
                                  "admin (everything), organiser (the named contests and the banks) or viewer "
                                  "(read-only dashboards of the named contests, no personal data)");
  if (role_required) role->required();
  command.add_option("--contest", flags.contests, "A contest an organiser or viewer works on (repeat for several)");
}

// The access the flags ask for, or why not (printed).
std::optional<core::OrganiserAccess> checked_access(const std::string& username, const AccessFlags& flags) {
  if (!store::keys::is_valid_username(username)) {
    std::cerr << "reformquiz: the username must be 3 to 32 lowercase letters, digits, '-' or '_' (got '" << username
              << "')\n";
    return std::nullopt;
  }
  auto role = core::organiser_role_of(flags.role);
  if (!role) {
    std::cerr << "reformquiz: --role must be admin, organiser or viewer (got '" << flags.role << "')\n";
    return std::nullopt;
  }
  for (const auto& c : flags.contests) {
    if (!store::keys::is_valid_id(c)) {
      std::cerr << "reformquiz: --contest '" << c << "' is not a contest id\n";
      return std::nullopt;
    }
  }
  core::OrganiserAccess access{username, *role, flags.contests};
  if (auto problem = core::access_problem(access)) {
    std::cerr << "reformquiz: " << *problem << " (--contest)\n";
    return std::nullopt;
  }
  return core::normalised(std::move(access));
}

std::string described(const core::OrganiserAccess& a) {
  std::string out = a.username + " " + std::string(core::to_string(a.role));
  for (std::size_t i = 0; i < a.contests.size(); ++i) out += (i ? "," : " ") + a.contests[i];
  return out;
}

void add_add_command(CLI::App& admin, const std::string& redis_url, std::function<void(int)> set_exit) {
  struct Options {
    std::string username;
    bool replace = false;
    AccessFlags access;
  };
  auto opts = std::make_shared<Options>();
  auto* add = admin.add_subcommand(
      "add", "Create an organiser account; the password (at least 10 characters) is read from standard input");
  add->add_option("USERNAME", opts->username, "3 to 32 lowercase letters, digits, '-' or '_'")->required();
  add->add_flag("--replace", opts->replace,
                "Set a new password for an existing account (its sessions opened before end at once; its role stays)");
  add_access_flags(*add, opts->access, false);
  add->callback([opts, &redis_url, set_exit] {
    auto access = checked_access(opts->username, opts->access);
    if (!access) return set_exit(kExitInvalid);
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto problem = core::organiser_password_problem(password)) {
      std::cerr << "reformquiz: " << *problem << " (read from standard input)\n";
      return set_exit(kExitInvalid);
    }
    int code = kExitOk;
    auto session = open_store(redis_url, code);
    if (!session) return set_exit(code);
    store::AdminRepository admins(session->redis());
    std::string hash = core::hash_password(password);
    auto added = session->call<store::SavedAccount>([&](auto done) {
      admins.add_user(opts->username, hash, core::now_ms(), opts->replace, std::move(done), *access);
    });
    if (!added.ok()) return set_exit(report_store_error(added.error, added.detail));
    if (added.value.created) {
      std::cout << "organiser " << described(*access) << " added\n";
    } else {
      std::cout << "new password for organiser " << opts->username << " set\n";
    }
    set_exit(kExitOk);
  });
}

void add_role_command(CLI::App& admin, const std::string& redis_url, std::function<void(int)> set_exit) {
  struct Options {
    std::string username;
    AccessFlags access;
  };
  auto opts = std::make_shared<Options>();
  auto* role = admin.add_subcommand(
      "role", "Set an organiser's role and contests; it holds from the account's next request");
  role->add_option("USERNAME", opts->username, "An existing organiser account")->required();
  add_access_flags(*role, opts->access, true);
  role->callback([opts, &redis_url, set_exit] {
    auto access = checked_access(opts->username, opts->access);
    if (!access) return set_exit(kExitInvalid);
    int code = kExitOk;
    auto session = open_store(redis_url, code);
    if (!session) return set_exit(code);
    store::AdminRepository admins(session->redis());
    auto set = session->call<bool>([&](auto done) {
      admins.set_role(access->username, access->role, access->contests, core::now_ms(), std::move(done));
    });
    if (!set.ok()) return set_exit(report_store_error(set.error, "organiser '" + opts->username + "': " + set.detail));
    std::cout << "organiser " << described(*access) << "\n";
    set_exit(kExitOk);
  });
}

void add_list_command(CLI::App& admin, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* list = admin.add_subcommand("list", "The organiser accounts, one per line: username, role, contests");
  list->callback([&redis_url, set_exit] {
    int code = kExitOk;
    auto session = open_store(redis_url, code);
    if (!session) return set_exit(code);
    store::AdminRepository admins(session->redis());
    auto users = session->call<std::vector<core::OrganiserAccess>>([&](auto done) { admins.users(std::move(done)); });
    if (!users.ok()) return set_exit(report_store_error(users.error, users.detail));
    for (const auto& u : users.value) std::cout << described(u) << "\n";
    set_exit(kExitOk);
  });
}

}  // namespace

void add_admin_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* admin = app.add_subcommand("admin", "Organiser accounts and their roles");
  admin->require_subcommand(1);
  add_add_command(*admin, redis_url, set_exit);
  add_role_command(*admin, redis_url, set_exit);
  add_list_command(*admin, redis_url, set_exit);
}

}  // namespace rq::cli
