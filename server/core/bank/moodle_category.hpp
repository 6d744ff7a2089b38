// Moodle's question categories as topics, shared by GIFT ($CATEGORY: lines)
// and Moodle XML (category questions). Moodle writes a category as its path,
// "$course$/top/Default for Cuộc thi CCHC/Cải cách thể chế": the topic is
// the last segment that is a real name ($course$, $system$ and the like are
// placeholders for where the category lives). Moodle writes a '/' inside a
// name as "//".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rq::core {

struct CategoryTopic {
  std::string id;    // the name's slug
  std::string name;  // as written
};

// nullopt when the path names no category (only placeholders, or empty).
std::optional<CategoryTopic> topic_from_category(std::string_view path);

}  // namespace rq::core
