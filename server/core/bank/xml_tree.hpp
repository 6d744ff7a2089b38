// A small element tree over XmlReader, for XML read as a whole (Moodle XML:
// a question's parts come in any order, so they are easier to look up than
// to stream). Only what the readers need: local names, attributes, the
// element's own text and its children, and the line where each starts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/xml_reader.hpp"

namespace rq::core {

struct XmlElement {
  std::string name;  // local name
  std::vector<std::pair<std::string, std::string>> attributes;  // local name, value
  std::string text;  // the character data directly inside, pieces joined
  std::vector<XmlElement> children;
  int line = 0;

  const XmlElement* child(std::string_view child_name) const;
  std::vector<const XmlElement*> all(std::string_view child_name) const;
  // nullopt when there is no such attribute.
  std::optional<std::string_view> attribute(std::string_view attribute_name) const;
  // The text of <child><text>…</text></child>, Moodle's way of holding text;
  // "" when either is missing.
  std::string text_of(std::string_view child_name) const;
};

// Elements beyond this many are refused: a hostile file of empty tags must
// not turn 10 MiB into gigabytes of tree.
inline constexpr std::size_t kMaxXmlElements = 2'000'000;

// The root element, or nullopt with `error` filled.
std::optional<XmlElement> parse_xml_tree(std::string_view xml, XmlError& error);

}  // namespace rq::core
