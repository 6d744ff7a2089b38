#include "app/account_service.hpp"

#include "core/clock.hpp"
#include "core/contest/local_time.hpp"
#include "core/contest/profile.hpp"
#include "core/security/tokens.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

std::string new_participant_id() { return core::random_token().substr(0, 20); }

std::string today(const core::ContestConfig& contest) { return core::local_date(core::now_ms(), contest.timezone); }

json participant_json(const std::string& contest, const store::ParticipantRecord& p) {
  return {{"id", p.id}, {"contest", contest}, {"name", p.name}, {"unit", p.unit}, {"category", p.category}};
}

Outcome invalid_profile(const std::vector<core::FieldProblem>& problems) {
  auto o = Outcome::fail(ErrorCode::invalid_profile, problems.front().message, problems.front().field);
  json details = json::array();
  for (const auto& p : problems) details.push_back({{"field", p.field}, {"code", p.code}, {"message", p.message}});
  o.body = {{"details", details}};
  return o;
}

Outcome already_registered(const std::string& field) {
  return Outcome::fail(ErrorCode::already_registered,
                       field == "phone" ? "this phone number is already registered" : "this ID number is already registered",
                       field);
}

store::ParticipantRecord record_of(const core::Profile& p, const core::ContestConfig& contest) {
  store::ParticipantRecord r{new_participant_id(), p.name, p.phone, p.birth_date, p.unit, p.category,
                             p.id_number, p.email, "", false, "", p.gender, p.address, p.commune};
  for (const auto& phone : contest.excluded_phones) r.excluded |= phone == p.phone;
  for (const auto& id : contest.excluded_id_numbers) r.excluded |= !p.id_number.empty() && id == p.id_number;
  return r;
}

}  // namespace

AccountService::AccountService(ContestCatalog& catalog, store::EntryRepository& entries, store::LoginLimiter& limiter,
                               PasswordHasher& hasher, core::Logger& log, AccountPolicy policy)
    : catalog_(catalog), entries_(entries), limiter_(limiter), hasher_(hasher), log_(log), policy_(policy) {}

void AccountService::register_participant(const core::RegisterRequest& request, const std::string& address,
                                          Reply reply) {
  catalog_.with_contest(request.contest, reply, [this, raw = request.profile, address, reply](ContestCatalog::Contest contest) {
    std::int64_t last_close = 0;
    for (const auto& r : contest->rounds) last_close = std::max(last_close, r.closes_at);
    if (core::now_ms() >= last_close) return reply(Outcome::fail(ErrorCode::registration_closed));
    auto checked = core::check_profile(raw, *contest, today(*contest));
    if (!checked.ok()) return reply(invalid_profile(checked.problems));
    auto record = record_of(checked.profile, *contest);
    record.registered_from = address;
    // A phone already taken is refused before spending a scrypt on it; the
    // registration script checks again, atomically.
    entries_.participant_by_phone(contest->id, record.phone, [this, contest, record, password = checked.profile.password,
                                                              reply](store::StoreResult<std::string> taken) mutable {
      if (taken.ok()) return reply(already_registered("phone"));
      if (taken.error != store::StoreError::not_found) return reply(store_failure(taken.error));
      bool queued = hasher_.hash(std::move(password), [this, contest, record, reply](std::string hash) mutable {
        record.password_hash = std::move(hash);
        entries_.register_participant(contest->id, record, [this, contest, record, reply](auto r) {
          if (!r.ok()) return reply(store_failure(r.error));
          if (!r.value.error.empty()) return reply(already_registered(r.value.error));
          log_.info("participant registered", {{"contest", contest->id}, {"participant", record.id}});
          issue_token(contest->id, record, reply);
        });
      });
      if (!queued) reply(Outcome::busy(hasher_.retry_after_ms(), "the server is busy registering others; try again"));
    });
  });
}

// One login on its way through the named steps below.
struct AccountService::Login {
  std::string contest, phone, password;
  std::string phone_key, address_key;  // the limiter's counters
  Reply reply;
};

void AccountService::login(const core::LoginRequest& request, const std::string& address, Reply reply) {
  catalog_.with_contest(request.contest, reply, [this, request, address, reply](ContestCatalog::Contest contest) {
    // A phone that cannot be a mobile number cannot have an account; saying
    // so reveals nothing, so it costs no hash and no failure.
    auto phone = core::normalize_phone(request.phone);
    if (!phone) return reply(Outcome::fail(ErrorCode::invalid_credentials));
    auto login = std::make_shared<Login>(Login{contest->id, *phone, request.password,
                                               store::keys::login_failures_of_phone(contest->id, *phone),
                                               store::keys::login_failures_of_address(contest->id, address), reply});
    limiter_.reserve(login->phone_key, login->address_key, policy_.login, [this, login](auto reserved) {
      if (!reserved.ok()) return login->reply(store_failure(reserved.error));
      if (reserved.value) {
        return login->reply(Outcome::busy(*reserved.value, "too many failed logins; try again later"));
      }
      entries_.participant_by_phone(login->contest, login->phone, [this, login](store::StoreResult<std::string> id) {
        // An unknown phone is checked against the decoy hash: the same time.
        if (id.error == store::StoreError::not_found) return check_password(login, "", {});
        if (!id.ok()) return give_back(login, id.error);
        entries_.participant(login->contest, id.value, [this, login](store::StoreResult<store::ParticipantRecord> p) {
          if (p.error == store::StoreError::not_found) return check_password(login, "", {});
          if (!p.ok()) return give_back(login, p.error);
          auto hash = p.value.password_hash;
          check_password(login, std::move(hash), std::move(p.value));
        });
      });
    });
  });
}

// The store failed before the password was checked: that is no failed
// login, so its reservation is given back.
void AccountService::give_back(std::shared_ptr<Login> login, store::StoreError error) {
  limiter_.cancelled(login->phone_key, login->address_key);
  login->reply(store_failure(error));
}

void AccountService::check_password(std::shared_ptr<Login> login, std::string hash, store::ParticipantRecord record) {
  bool queued = hasher_.verify(login->password, std::move(hash), [this, login, record](bool matches) {
    if (!matches) return login->reply(Outcome::fail(ErrorCode::invalid_credentials));
    limiter_.succeeded(login->phone_key, login->address_key);
    issue_token(login->contest, record, login->reply);
  });
  if (!queued) {
    limiter_.cancelled(login->phone_key, login->address_key);
    login->reply(Outcome::busy(hasher_.retry_after_ms(), "the server is busy; try again"));
  }
}

void AccountService::issue_token(const std::string& contest, const store::ParticipantRecord& p, Reply reply) {
  std::string token = core::random_token();
  entries_.create_token(core::sha256_hex(token), contest, p.id, policy_.session_ttl_ms,
                        [contest, p, token, reply](store::StoreResult<bool> r) {
                          if (!r.ok()) return reply(store_failure(r.error));
                          auto o = Outcome::ok("registered", {{"token", token}, {"participant", participant_json(contest, p)}});
                          o.identity = Identity{contest, p.id};
                          reply(std::move(o));
                        });
}

void AccountService::resume(const std::string& token, Reply reply) {
  entries_.token(core::sha256_hex(token), [this, reply](store::StoreResult<std::pair<std::string, std::string>> t) {
    if (t.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::invalid_token, {}, "token"));
    if (!t.ok()) return reply(store_failure(t.error));
    auto [contest, participant] = t.value;
    entries_.participant(contest, participant, [contest, reply](store::StoreResult<store::ParticipantRecord> p) {
      if (p.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::invalid_token, {}, "token"));
      if (!p.ok()) return reply(store_failure(p.error));
      auto o = Outcome::ok("welcome", {{"participant", participant_json(contest, p.value)}});
      o.identity = Identity{contest, p.value.id};
      reply(std::move(o));
    });
  });
}

}  // namespace rq::app
