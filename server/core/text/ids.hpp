// The shapes of ids that reach Redis keys and protocol messages. One rule
// per kind of id, shared by the bank validator, the contest configuration,
// the protocol's request checks and the store's key schema, so an id that
// passes one check passes them all.
#pragma once

#include <string_view>

namespace rq::core {

// Ids of contests, rounds, banks, topics, attempts and participants:
// lowercase slugs, [a-z0-9][a-z0-9_-]*, at most 64 characters. Nothing in
// them can break a key's hash tag or its structure.
bool is_slug(std::string_view id);
// Ids of questions and options in a bank: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 64.
bool is_item_id(std::string_view id);

}  // namespace rq::core
