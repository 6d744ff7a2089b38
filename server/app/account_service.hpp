// Contestants' accounts and sessions: register (one account per phone, and
// per ID number when given, in a contest), login on another device, and
// hello with a token after a reconnect. Passwords are hashed on the bounded
// PasswordHasher; failed logins are limited per phone and per address in the
// contest, reserved before the password is checked.
#pragma once

#include <cstdint>
#include <string>

#include "app/contest_catalog.hpp"
#include "app/outcome.hpp"
#include "app/password_hasher.hpp"
#include "core/observability/log.hpp"
#include "core/protocol/requests.hpp"
#include "store/entry_repository.hpp"
#include "store/login_limiter.hpp"

namespace rq::app {

struct AccountPolicy {
  store::LoginLimit login{10, 50, 15LL * 60 * 1000};           // per phone, per address, window
  std::int64_t session_ttl_ms = 30LL * 24 * 3600 * 1000;        // a contest's length, at most
};

class AccountService {
 public:
  AccountService(ContestCatalog& catalog, store::EntryRepository& entries, store::LoginLimiter& limiter,
                 PasswordHasher& hasher, core::Logger& log, AccountPolicy policy = {});

  // `address` is the client's (as the login limiter sees it), kept with the
  // account for the organiser's duplicates review.
  void register_participant(const core::RegisterRequest& request, const std::string& address, Reply reply);
  void login(const core::LoginRequest& request, const std::string& address, Reply reply);
  // hello {token}: who the token belongs to.
  void resume(const std::string& token, Reply reply);

 private:
  struct Login;
  void check_password(std::shared_ptr<Login> login, std::string hash, store::ParticipantRecord record);
  void give_back(std::shared_ptr<Login> login, store::StoreError error);
  void issue_token(const std::string& contest, const store::ParticipantRecord& p, Reply reply);

  ContestCatalog& catalog_;
  store::EntryRepository& entries_;
  store::LoginLimiter& limiter_;
  PasswordHasher& hasher_;
  core::Logger& log_;
  AccountPolicy policy_;
};

}  // namespace rq::app
