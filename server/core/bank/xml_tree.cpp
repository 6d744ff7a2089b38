#include "core/bank/xml_tree.hpp"

namespace rq::core {

const XmlElement* XmlElement::child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::all(std::string_view child_name) const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children) {
    if (c.name == child_name) out.push_back(&c);
  }
  return out;
}

std::optional<std::string_view> XmlElement::attribute(std::string_view attribute_name) const {
  for (const auto& [name, value] : attributes) {
    if (name == attribute_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string XmlElement::text_of(std::string_view child_name) const {
  const XmlElement* c = child(child_name);
  const XmlElement* t = c ? c->child("text") : nullptr;
  return t ? t->text : std::string();
}

namespace {

class TreeBuilder : public XmlHandler {
 public:
  explicit TreeBuilder(XmlReader& reader) : reader_(reader) {}

  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& attributes,
             int line) override {
    if (++count_ > kMaxXmlElements) {
      const std::string limit = std::to_string(kMaxXmlElements);
      reader_.stop({"the file has more than " + limit + " XML elements", "tệp có hơn " + limit + " phần tử XML"}, line);
      return;
    }
    XmlElement e;
    e.name = name;
    e.line = line;
    for (const auto& a : attributes) e.attributes.emplace_back(a.name, a.value);
    if (open_.empty()) {
      root_ = std::move(e);
      open_.push_back(&*root_);
    } else {
      // Children are appended while the parent is open; pointers into the
      // vector are taken only after the push, and the stack never holds a
      // sibling that a later push could move.
      auto& siblings = open_.back()->children;
      siblings.push_back(std::move(e));
      open_.push_back(&siblings.back());
    }
  }
  void end(std::string_view, std::string_view) override {
    if (!open_.empty()) open_.pop_back();
  }
  void text(std::string_view chars) override {
    if (!open_.empty()) open_.back()->text.append(chars);
  }

  std::optional<XmlElement> take() { return std::move(root_); }

 private:
  XmlReader& reader_;
  std::optional<XmlElement> root_;
  std::vector<XmlElement*> open_;
  std::size_t count_ = 0;
};

}  // namespace

std::optional<XmlElement> parse_xml_tree(std::string_view xml, XmlError& error) {
  XmlReader reader;
  TreeBuilder builder(reader);
  if (!reader.parse(xml, builder, error)) return std::nullopt;
  return builder.take();
}

}  // namespace rq::core
