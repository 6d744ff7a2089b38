// HTTP responses of the API in one shape: JSON bodies, and errors as
// {"error":{"code","message","details"?}} with the code's status.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/bank/bank_problem.hpp"
#include "core/protocol/error_code.hpp"
#include "net/http_types.hpp"
#include "store/store_result.hpp"

namespace rq::app {

net::HttpResponse json_reply(int status, const nlohmann::json& body);
net::HttpResponse error_reply(core::ErrorCode code, std::string_view message,
                              const nlohmann::json& details = nlohmann::json());
// 400 bad_request naming the request field at fault: details {"field": …}.
net::HttpResponse bad_field_reply(std::string_view field, std::string_view message);
// unavailable → 503 "try again"; not_found → 404; internal → 500.
net::HttpResponse store_error_reply(store::StoreError error, std::string_view detail);

// [{line, place, field?, severity, message, …}] for bank problems, the
// messages and places in the organiser's language.
nlohmann::json problems_json(const std::vector<core::BankProblem>& problems, core::Lang lang);

// The organiser's language from a request's ?lang= (vi, the default, or en).
core::Lang request_lang(const std::string& query);

}  // namespace rq::app
