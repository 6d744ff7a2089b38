// Question ids for formats whose questions carry a free-text name instead
// of an id: Moodle writes a title for every question (by default the start
// of its text, "Câu 1: Nghị quyết nào ban hành…", spaces, colons and
// diacritics included), and several questions may share one. The name is
// kept as the question's label; its id is the name's slug, folded to ASCII,
// cut to a length an id may have, and made unique within the bank by a
// suffix ("-2", "-3") in file order, so the same file always gives the same
// ids. A name that already is a valid id is the id itself, as before.
#pragma once

#include "core/bank/bank_draft.hpp"

namespace rq::core {

// For each question of the draft with a label and no id. A repeated name
// gets a warning naming both places, since a reader of the bank may take
// the two questions for one.
void assign_ids_from_labels(BankDraft& draft);

// The id a label gives before it is made unique: "" when nothing of it is
// usable (a name of punctuation only).
std::string id_from_label(std::string_view label);

}  // namespace rq::core
