#include "core/bank/xml_reader.hpp"

#include <expat.h>

namespace rq::core {
namespace {

constexpr char kSeparator = '\x01';  // between namespace URI and local name; cannot occur in either

std::pair<std::string_view, std::string_view> split_name(const XML_Char* qualified) {
  std::string_view s(qualified);
  const auto sep = s.find(kSeparator);
  if (sep == std::string_view::npos) return {{}, s};
  return {s.substr(0, sep), s.substr(sep + 1)};
}

struct Context {
  XmlReader* reader;
  XmlHandler* handler;
  int* depth;
  XML_Parser parser;
};

}  // namespace

struct XmlReaderCallbacks {
  static void start(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto* c = static_cast<Context*>(data);
    const int line = static_cast<int>(XML_GetCurrentLineNumber(c->parser));
    if (++*c->depth > kMaxXmlDepth) {
      const std::string depth = std::to_string(kMaxXmlDepth);
      c->reader->stop({"elements nest deeper than " + depth + " levels",
                       "các phần tử XML lồng nhau sâu quá " + depth + " cấp"},
                      line);
      return;
    }
    std::vector<XmlAttribute> attributes;
    for (int i = 0; attrs[i]; i += 2) {
      auto [ns, local] = split_name(attrs[i]);
      attributes.push_back({ns, local, attrs[i + 1]});
    }
    auto [ns, local] = split_name(name);
    c->handler->start(ns, local, attributes, line);
  }
  static void end(void* data, const XML_Char* name) {
    auto* c = static_cast<Context*>(data);
    --*c->depth;
    auto [ns, local] = split_name(name);
    c->handler->end(ns, local);
  }
  static void text(void* data, const XML_Char* s, int len) {
    auto* c = static_cast<Context*>(data);
    c->handler->text(std::string_view(s, static_cast<std::size_t>(len)));
  }
  static void doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* c = static_cast<Context*>(data);
    c->reader->stop(Localized{"the file declares a DOCTYPE, which a bank file never needs; remove it",
                              "tệp có khai báo DOCTYPE, mà tệp ngân hàng câu hỏi không bao giờ cần đến; "
                              "vui lòng xóa khai báo này"},
                    static_cast<int>(XML_GetCurrentLineNumber(c->parser)));
  }
};

std::string_view attribute_value(const std::vector<XmlAttribute>& attributes, std::string_view name) {
  for (const auto& a : attributes) {
    if (a.name == name) return a.value;
  }
  return {};
}

void XmlReader::stop(Localized reason, int line) {
  if (!stop_reason_.en.empty()) return;
  stop_reason_ = std::move(reason);
  stop_line_ = line;
  XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
}

bool XmlReader::parse(std::string_view xml, XmlHandler& handler, XmlError& error) {
  XML_Parser parser = XML_ParserCreateNS(nullptr, kSeparator);
  if (!parser) {
    error = {0, {"out of memory starting the XML parser", "không đủ bộ nhớ để khởi động trình đọc XML"}};
    return false;
  }
  parser_ = parser;
  stop_reason_ = {};
  depth_ = 0;
  Context context{this, &handler, &depth_, parser};
  XML_SetUserData(parser, &context);
  XML_SetElementHandler(parser, &XmlReaderCallbacks::start, &XmlReaderCallbacks::end);
  XML_SetCharacterDataHandler(parser, &XmlReaderCallbacks::text);
  XML_SetStartDoctypeDeclHandler(parser, &XmlReaderCallbacks::doctype);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);

  bool ok = true;
  // Fed in pieces: expat takes an int length.
  constexpr std::size_t kPiece = 1 << 20;
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min(kPiece, xml.size() - pos);
    const bool last = pos + n == xml.size();
    if (XML_Parse(parser, xml.data() + pos, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      ok = false;
      break;
    }
    pos += n;
  } while (pos < xml.size());
  if (!ok) {
    if (!stop_reason_.en.empty()) {
      error = {stop_line_, stop_reason_};
    } else {
      const std::string why = XML_ErrorString(XML_GetErrorCode(parser));
      error = {static_cast<int>(XML_GetCurrentLineNumber(parser)),
               {"the XML is not well-formed: " + why, "XML không hợp lệ: " + why}};
    }
  }
  XML_ParserFree(parser);
  parser_ = nullptr;
  return ok;
}

}  // namespace rq::core
