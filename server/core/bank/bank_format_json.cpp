// The native format (QUESTION_BANKS.md): one JSON object with the bank's id,
// title, topics and questions. Type errors are reported with the JSON path
// and the line of the value; unknown fields are warned about, since a typo
// such as "corect" would otherwise silently lose the answers.
#include <set>

#include <nlohmann/json.hpp>

#include "core/bank/bank_import.hpp"
#include "core/bank/json_lines.hpp"

namespace rq::core {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 32;
struct TooDeep {};

class JsonBankReader {
 public:
  JsonBankReader(std::string_view text, BankDraft& draft) : lines_(json_value_lines(text)), d_(draft) {}

  void read(const json& root) {
    d_.json_fields = true;
    if (!root.is_object()) {
      d_.problems.push_back(bank_error(
          1, "",
          Localized{"a bank file must be a JSON object with id, title, topics and questions",
                    "tệp ngân hàng câu hỏi phải là một đối tượng JSON gồm id, title, topics và questions"}));
      return;
    }
    for (const auto& [key, value] : root.items()) {
      static const std::set<std::string> kKnown{"id", "title", "language", "topics", "questions"};
      if (!kKnown.count(key)) warn_unknown("/" + key, key, key);
    }
    d_.field_lines["id"] = line("/id");
    d_.field_lines["title"] = line("/title");
    d_.field_lines["language"] = line("/language");
    d_.field_lines["topics"] = line("/topics");
    d_.bank.id = string_field(root, "id", "/id", "id");
    d_.bank.title = string_field(root, "title", "/title", "title");
    d_.bank.language = string_field(root, "language", "/language", "language");
    read_topics(root);
    read_questions(root);
  }

 private:
  int line(const std::string& pointer) const {
    auto it = lines_.find(pointer);
    return it != lines_.end() ? it->second : 0;
  }

  void warn_unknown(const std::string& pointer, const std::string& field, const std::string& key) {
    d_.problems.push_back(bank_warning(line(pointer), field,
                                       {"unknown field '" + key + "' is ignored",
                                        "trường '" + key + "' không được nhận biết nên được bỏ qua"}));
  }

  // An optional string; a value of another type is an error.
  std::string string_field(const json& obj, const char* key, const std::string& pointer, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (!it->is_string()) {
      d_.problems.push_back(bank_error(line(pointer), field,
                                       {"'" + std::string(key) + "' must be a string",
                                        "'" + std::string(key) + "' phải là một chuỗi ký tự"}));
      return {};
    }
    return it->get<std::string>();
  }

  void read_topics(const json& root) {
    auto it = root.find("topics");
    if (it == root.end()) return;  // the validator reports a bank without topics
    if (!it->is_array()) {
      d_.problems.push_back(bank_error(line("/topics"), "topics",
                                       Localized{"'topics' must be a list of {id, name}",
                                                 "'topics' phải là một danh sách các {id, name}"}));
      return;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string p = "/topics/" + std::to_string(i);
      std::string field = "topics[" + std::to_string(i) + "]";
      d_.field_lines["topics/" + std::to_string(i)] = line(p);
      const auto& t = (*it)[i];
      if (!t.is_object()) {
        d_.problems.push_back(bank_error(line(p), field,
                                         Localized{"a topic must be an object {id, name}",
                                                   "mỗi chủ đề phải là một đối tượng {id, name}"}));
        continue;
      }
      Topic topic;
      topic.id = string_field(t, "id", p + "/id", field + ".id");
      topic.name = string_field(t, "name", p + "/name", field + ".name");
      d_.bank.topics.push_back(std::move(topic));
    }
  }

  void read_questions(const json& root) {
    auto it = root.find("questions");
    if (it == root.end()) return;
    if (!it->is_array()) {
      d_.problems.push_back(bank_error(line("/questions"), "questions",
                                       Localized{"'questions' must be a list", "'questions' phải là một danh sách"}));
      return;
    }
    for (std::size_t i = 0; i < it->size(); ++i) read_question((*it)[i], i);
  }

  void read_question(const json& q, std::size_t i) {
    std::string p = "/questions/" + std::to_string(i);
    DraftQuestion dq;
    dq.line = line(p);
    dq.field_prefix = "questions[" + std::to_string(i) + "].";
    auto field = [&](const std::string& name) { return dq.field_prefix + name; };
    if (!q.is_object()) {
      d_.problems.push_back(bank_error(dq.line, "questions[" + std::to_string(i) + "]",
                                       Localized{"a question must be an object", "mỗi câu hỏi phải là một đối tượng"}));
      return;
    }
    static const std::set<std::string> kKnown{"id",         "topic",  "text",       "options",     "correct",
                                              "difficulty", "source", "valid_from", "valid_until", "explanation", "label"};
    for (const auto& [key, value] : q.items()) {
      if (!kKnown.count(key)) warn_unknown(p + "/" + key, field(key), key);
      if (auto l = line(p + "/" + key)) dq.field_lines[key] = l;
    }
    auto& out = dq.question;
    out.id = string_field(q, "id", p + "/id", field("id"));
    out.topic = string_field(q, "topic", p + "/topic", field("topic"));
    out.text = string_field(q, "text", p + "/text", field("text"));
    out.label = string_field(q, "label", p + "/label", field("label"));
    out.source = string_field(q, "source", p + "/source", field("source"));
    out.valid_from = string_field(q, "valid_from", p + "/valid_from", field("valid_from"));
    out.valid_until = string_field(q, "valid_until", p + "/valid_until", field("valid_until"));
    out.explanation = string_field(q, "explanation", p + "/explanation", field("explanation"));

    if (auto d = q.find("difficulty"); d != q.end() && !d->is_null()) {
      if (d->is_number_integer()) {
        out.difficulty = d->get<int>();
      } else {
        d_.problems.push_back(bank_error(line(p + "/difficulty"), field("difficulty"),
                                         Localized{"'difficulty' must be 1, 2 or 3", "'difficulty' phải là 1, 2 hoặc 3"}));
      }
    }

    if (auto o = q.find("options"); o != q.end()) {
      if (!o->is_array()) {
        d_.problems.push_back(bank_error(line(p + "/options"), field("options"),
                                         Localized{"'options' must be a list of {id, text}",
                                                   "'options' phải là một danh sách các {id, text}"}));
      } else {
        for (std::size_t k = 0; k < o->size(); ++k) {
          std::string op = p + "/options/" + std::to_string(k);
          std::string of = field("options[" + std::to_string(k) + "]");
          dq.field_lines["options/" + std::to_string(k)] = line(op);
          const auto& option = (*o)[k];
          if (!option.is_object()) {
            d_.problems.push_back(bank_error(line(op), of,
                                             Localized{"an option must be an object {id, text}",
                                                       "mỗi phương án phải là một đối tượng {id, text}"}));
            continue;
          }
          out.options.push_back(
              Option{string_field(option, "id", op + "/id", of + ".id"), string_field(option, "text", op + "/text", of + ".text")});
        }
      }
    }

    if (auto c = q.find("correct"); c != q.end()) {
      if (!c->is_array()) {
        d_.problems.push_back(
            bank_error(line(p + "/correct"), field("correct"),
                       Localized{"'correct' must be a list of option ids, e.g. [\"b\"]",
                                 "'correct' phải là một danh sách mã phương án, ví dụ [\"b\"]"}));
      } else {
        for (std::size_t k = 0; k < c->size(); ++k) {
          std::string cp = p + "/correct/" + std::to_string(k);
          dq.field_lines["correct/" + std::to_string(k)] = line(cp);
          if (!(*c)[k].is_string()) {
            d_.problems.push_back(bank_error(line(cp), field("correct"),
                                             Localized{"an answer must be an option id (a string)",
                                                       "mỗi đáp án phải là một mã phương án (một chuỗi ký tự)"}));
            continue;
          }
          out.correct.push_back((*c)[k].get<std::string>());
        }
      }
    }
    d_.questions.push_back(std::move(dq));
  }

  JsonLines lines_;
  BankDraft& d_;
};

}  // namespace

BankDraft parse_json_bank(std::string_view text) {
  BankDraft draft;
  json root;
  try {
    root = json::parse(text, [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    draft.problems.push_back(bank_error(
        0, "",
        Localized{"the JSON is nested deeper than a bank can be",
                  "tệp JSON có quá nhiều cấp lồng nhau so với mức cho phép của một ngân hàng câu hỏi"}));
    return draft;
  } catch (const json::parse_error& e) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error
    // at line 3, column 5: ..."; the part after the position is what helps.
    std::string what = e.what();
    auto colon = what.find(": ", what.find("column"));
    std::string detail = colon != std::string::npos ? what.substr(colon + 2) : what;
    draft.problems.push_back(bank_error(line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0), "",
                                        {"the file is not valid JSON: " + detail,
                                         "tệp không phải là JSON hợp lệ: " + detail}));
    return draft;
  } catch (const json::exception& e) {
    // A number no double can hold (1e999) is out_of_range, not a parse error.
    draft.problems.push_back(bank_error(0, "",
                                        {std::string("the file is not valid JSON: ") + e.what(),
                                         std::string("tệp không phải là JSON hợp lệ: ") + e.what()}));
    return draft;
  }
  JsonBankReader(text, draft).read(root);
  return draft;
}

}  // namespace rq::core
