// Word's automatic list numbering (word/numbering.xml), for question sets
// whose "Câu 1:" or "A." Word writes itself: the number is no text in the
// document, only a paragraph's <w:numPr> naming a list (numId) and a level
// (ilvl), and the level's pattern (<w:lvlText w:val="Câu %1:"/>, format
// decimal, upperLetter, upperRoman…). ListNumbers keeps the counters as the
// document is read in order and gives each numbered paragraph the text Word
// shows in front of it, so the question-set reader sees "Câu 1: …" as typed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/xml_reader.hpp"

namespace rq::core {

struct ListLevel {
  int start = 1;
  std::string format = "decimal";  // decimal, decimalZero, upperLetter, lowerLetter, upperRoman, lowerRoman, bullet, none
  std::string text;                // "Câu %1:", "%1.", "%1.%2."
};

class ListNumbers {
 public:
  // Reads word/numbering.xml; false when it is not well-formed (the
  // document is then read without numbers).
  bool read(std::string_view numbering_xml);

  // The text in front of the next paragraph numbered (numId, ilvl), and the
  // counters moved on; "" for bullets, unknown lists and level 0 lists
  // whose numId is "0" (Word's "no numbering").
  std::string next(const std::string& num_id, int level);

 private:
  struct Abstract {
    std::map<int, ListLevel> levels;
  };
  struct Num {
    std::string abstract_id;
    std::map<int, int> start_overrides;
    bool used = false;
  };
  std::map<std::string, Abstract> abstracts_;
  std::map<std::string, Num> nums_;
  std::map<std::string, std::map<int, int>> counters_;  // abstract id -> level -> last number given
  friend class NumberingHandler;
};

// "1", "A", "iv"…: a number in a list level's format.
std::string format_list_number(int n, std::string_view format);

}  // namespace rq::core
