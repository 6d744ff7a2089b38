// XML read with expat (libexpat1-dev), a well-kept streaming parser, for the
// bank formats that are XML or hold XML: Moodle XML, and the sheets and
// documents inside .xlsx and .docx. Streaming, because a 10 MiB workbook's
// sheet need not become a tree; the Moodle reader builds one of its own on
// top (xml_tree.hpp). A DOCTYPE is refused, so no entity can be declared and
// nothing from outside the file is ever read (no XXE, no "billion laughs").
// Names arrive split as namespace URI and local name ("w:p" in a Word
// document is {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
// "p"}), so a file's choice of prefixes does not matter.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/lang.hpp"

namespace rq::core {

struct XmlAttribute {
  std::string_view ns;
  std::string_view name;
  std::string_view value;
};

// The value of the attribute with this local name; "" when there is none.
std::string_view attribute_value(const std::vector<XmlAttribute>& attributes, std::string_view name);

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `line` is where the start tag is (1-based).
  virtual void start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes,
                     int line) = 0;
  virtual void end(std::string_view ns, std::string_view name) = 0;
  // Character data, CDATA included, in pieces as expat delivers them.
  virtual void text(std::string_view chars) = 0;
};

struct XmlError {
  int line = 0;  // 0 when the whole input is at fault
  Localized message;
};

// Deeper nesting than this is refused (no real bank format comes close).
inline constexpr int kMaxXmlDepth = 256;

// Parses all of `xml`; nullopt-like: returns false with `error` filled (in
// both languages) when it is not well-formed (expat's own words, English in
// both, with the line), has a DOCTYPE, or nests deeper than kMaxXmlDepth. A
// handler may stop the parse early by calling stop() on the reader it was
// given.
class XmlReader {
 public:
  bool parse(std::string_view xml, XmlHandler& handler, XmlError& error);
  void stop(Localized reason, int line);

 private:
  void* parser_ = nullptr;
  Localized stop_reason_;
  int stop_line_ = 0;
  int depth_ = 0;
  friend struct XmlReaderCallbacks;
};

}  // namespace rq::core
