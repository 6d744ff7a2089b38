#include "app/http_replies.hpp"

#include "net/query_string.hpp"

namespace rq::app {

net::HttpResponse json_reply(int status, const nlohmann::json& body) {
  net::HttpResponse res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

net::HttpResponse error_reply(core::ErrorCode code, std::string_view message, const nlohmann::json& details) {
  nlohmann::json error = {{"code", core::to_string(code)}, {"message", message}};
  if (!details.is_null()) error["details"] = details;
  return json_reply(core::http_status(code), {{"error", error}});
}

net::HttpResponse bad_field_reply(std::string_view field, std::string_view message) {
  return error_reply(core::ErrorCode::bad_request, message, nlohmann::json{{"field", field}});
}

net::HttpResponse store_error_reply(store::StoreError error, std::string_view detail) {
  switch (error) {
    case store::StoreError::not_found: return error_reply(core::ErrorCode::not_found, detail);
    case store::StoreError::unavailable:
      return error_reply(core::ErrorCode::unavailable, "the store is briefly unavailable; try again");
    case store::StoreError::conflict:
      return error_reply(core::ErrorCode::already_exists, detail);
    default: return error_reply(core::ErrorCode::internal, "internal error");
  }
}

core::Lang request_lang(const std::string& query) {
  auto q = net::parse_query(query);
  core::Lang lang = core::Lang::vi;
  if (auto it = q.find("lang"); it != q.end()) core::parse_lang(it->second, lang);
  return lang;
}

nlohmann::json problems_json(const std::vector<core::BankProblem>& problems, core::Lang lang) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems) {
    nlohmann::json item = {{"line", p.line}, {"severity", p.is_error() ? "error" : "warning"}, {"message", p.message_in(lang)}};
    if (!p.field.empty()) item["field"] = p.field;
    // Beyond "line", where the format has other places: a workbook's sheet
    // and cell ("line" is then the row), a question set's paragraph ("line"
    // is then the paragraph) and question number; "place" says it all in
    // words ("Sheet1!J14", "question 12, paragraph 40").
    if (p.unit == core::PlaceUnit::row) item["row"] = p.line;
    if (p.unit == core::PlaceUnit::paragraph) item["paragraph"] = p.line;
    if (!p.sheet.empty()) item["sheet"] = p.sheet;
    if (!p.cell.empty()) item["cell"] = p.cell;
    if (p.question > 0) item["question"] = p.question;
    item["place"] = p.place(lang);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace rq::app
