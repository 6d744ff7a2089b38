// The topic a file's headings set (GIFT's $CATEGORY lines, Moodle XML's
// category questions, a question set's "Phần I."), for the questions that
// follow: each question gets it with the line where it was set, and the
// bank lists a topic once, in the order of first use, only when a question
// of it is kept. Before any heading the topic is "chung".
#pragma once

#include <set>
#include <string>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

class CurrentTopic {
 public:
  // `line` is where the heading stands; 0 for "chung".
  void set(std::string id, std::string name, int line) {
    id_ = std::move(id);
    name_ = std::move(name);
    line_ = line;
  }
  void set_general() { set("chung", "Chung", 0); }

  // Gives the question the current topic and lists it in the bank.
  void assign(DraftQuestion& dq, BankDraft& draft) {
    dq.question.topic = id_;
    if (line_ > 0) dq.field_lines["topic"] = line_;
    auto& topics = draft.bank.topics;
    if (listed_.insert(id_).second) {
      if (line_ > 0) draft.field_lines["topics/" + std::to_string(topics.size())] = line_;
      topics.push_back({id_, name_});
    }
  }

 private:
  std::string id_ = "chung";
  std::string name_ = "Chung";
  int line_ = 0;
  std::set<std::string> listed_;  // ids already in bank.topics
};

}  // namespace rq::core
