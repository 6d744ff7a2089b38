#include "cli/admin_commands.hpp"

#include <iostream>

#include "core/clock.hpp"
#include "cli/store_session.hpp"
#include "core/security/password.hpp"
#include "store/admin_repository.hpp"
#include "store/keys.hpp"
#include "store/redis_url.hpp"

namespace rq::cli {

void add_admin_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* admin = app.add_subcommand("admin", "Organiser accounts");
  admin->require_subcommand(1);

  struct AddOptions {
    std::string username;
    bool replace = false;
  };
  auto opts = std::make_shared<AddOptions>();
  auto* add = admin->add_subcommand(
      "add", "Create an organiser account; the password (at least 10 characters) is read from standard input");
  add->add_option("USERNAME", opts->username, "3 to 32 lowercase letters, digits, '-' or '_'")->required();
  add->add_flag("--replace", opts->replace,
                "Set a new password for an existing account (its sessions opened before end at once)");
  add->callback([opts, &redis_url, set_exit] {
    if (!store::keys::is_valid_username(opts->username)) {
      std::cerr << "reformquiz: the username must be 3 to 32 lowercase letters, digits, '-' or '_' (got '"
                << opts->username << "')\n";
      return set_exit(kExitInvalid);
    }
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
    auto added = session->call<store::SavedAccount>(
        [&](auto done) { admins.add_user(opts->username, hash, core::now_ms(), opts->replace, std::move(done)); });
    if (!added.ok()) return set_exit(report_store_error(added.error, added.detail));
    std::cout << (added.value.created ? "organiser " : "new password for organiser ") << opts->username
              << (added.value.created ? " added\n" : " set\n");
    set_exit(kExitOk);
  });
}

}  // namespace rq::cli
