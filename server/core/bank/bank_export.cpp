#include "core/bank/bank_export.hpp"

namespace rq::core {

nlohmann::json bank_to_json(const QuestionBank& bank) {
  nlohmann::json topics = nlohmann::json::array();
  for (const auto& t : bank.topics) topics.push_back({{"id", t.id}, {"name", t.name}});
  nlohmann::json questions = nlohmann::json::array();
  for (const auto& q : bank.questions) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& o : q.options) options.push_back({{"id", o.id}, {"text", o.text}});
    nlohmann::json out = {{"id", q.id}, {"topic", q.topic}, {"text", q.text}, {"options", options},
                          {"correct", q.correct}};
    if (!q.label.empty()) out["label"] = q.label;
    if (q.difficulty) out["difficulty"] = *q.difficulty;
    if (!q.source.empty()) out["source"] = q.source;
    if (!q.valid_from.empty()) out["valid_from"] = q.valid_from;
    if (!q.valid_until.empty()) out["valid_until"] = q.valid_until;
    if (!q.explanation.empty()) out["explanation"] = q.explanation;
    questions.push_back(std::move(out));
  }
  nlohmann::json out = {{"id", bank.id}, {"title", bank.title}};
  if (!bank.language.empty()) out["language"] = bank.language;
  out["topics"] = std::move(topics);
  out["questions"] = std::move(questions);
  return out;
}

QuestionBank bank_from_json(const nlohmann::json& json) {
  QuestionBank bank;
  bank.id = json.value("id", "");
  bank.title = json.value("title", "");
  bank.language = json.value("language", "");
  for (const auto& t : json.at("topics")) bank.topics.push_back({t.at("id"), t.at("name")});
  for (const auto& j : json.at("questions")) {
    Question q;
    q.id = j.at("id");
    q.topic = j.at("topic");
    q.label = j.value("label", "");
    q.text = j.at("text");
    for (const auto& o : j.at("options")) q.options.push_back({o.at("id"), o.at("text")});
    q.correct = j.at("correct").get<std::vector<std::string>>();
    if (j.contains("difficulty")) q.difficulty = j.at("difficulty").get<int>();
    q.source = j.value("source", "");
    q.valid_from = j.value("valid_from", "");
    q.valid_until = j.value("valid_until", "");
    q.explanation = j.value("explanation", "");
    bank.questions.push_back(std::move(q));
  }
  return bank;
}

namespace {

std::string csv_cell(const std::string& value) {
  bool quote = value.find_first_of(",;\"\r\n") != std::string::npos || (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool bank_to_csv(const QuestionBank& bank, std::string& out, std::string& error) {
  out = "\xEF\xBB\xBF";
  out += "id,topic,text,option_a,option_b,option_c,option_d,option_e,option_f,correct,source,difficulty,"
         "explanation,valid_from,valid_until,label\r\n";
  for (const auto& q : bank.questions) {
    if (q.options.size() > 6) {
      error = "question " + q.id + " has " + std::to_string(q.options.size()) +
              " options; CSV holds at most six (A–F): export as JSON instead";
      out.clear();
      return false;
    }
    std::string letters;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      for (const auto& c : q.correct) {
        if (c == q.options[i].id) letters += (letters.empty() ? "" : ";") + std::string(1, static_cast<char>('A' + i));
      }
    }
    std::vector<std::string> cells{q.id, q.topic, q.text};
    for (std::size_t i = 0; i < 6; ++i) cells.push_back(i < q.options.size() ? q.options[i].text : "");
    cells.push_back(letters);
    cells.push_back(q.source);
    cells.push_back(q.difficulty ? std::to_string(*q.difficulty) : "");
    cells.push_back(q.explanation);
    cells.push_back(q.valid_from);
    cells.push_back(q.valid_until);
    cells.push_back(q.label);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += csv_cell(cells[i]);
    }
    out += "\r\n";
  }
  return true;
}

}  // namespace rq::core
