// A zip archive made in memory with libzip: the container of the Word
// documents the product writes (bank_export_question_set.cpp), and of the
// documents tests build to feed the readers.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rq::core {

// The archive of the named parts, in order; nullopt with `error` on failure.
std::optional<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts, std::string& error);

}  // namespace rq::core
