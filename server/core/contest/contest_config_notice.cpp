// The "notice" of a contest configuration: the heading and signature block of
// the results notices (Decree 30/2020/NĐ-CP's layout of administrative
// documents), and each round's or the final's own number and date.
#include "core/bank/bank_validator.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_config_reader.hpp"
#include "core/text/normalize.hpp"

namespace rq::core::config_detail {
namespace {

// A heading line prints on one or two lines of an A4 page; longer is a
// mistake (a paragraph pasted into the wrong field).
constexpr std::size_t kMaxNoticeLineChars = 200;
// "Nơi nhận" is a short block under the signature; more is a list pasted by mistake.
constexpr std::size_t kMaxRecipients = 20;

std::optional<std::string> line(ConfigReader& r, const Json& v, std::string_view key, const std::string& p,
                                bool required) {
  auto text = r.text(v, key, p, required);
  if (text && count_chars(*text) > kMaxNoticeLineChars) {
    r.problem(at(p, key), {"must be at most " + std::to_string(kMaxNoticeLineChars) + " characters",
                           "không được dài quá " + std::to_string(kMaxNoticeLineChars) + " ký tự"});
    return std::nullopt;
  }
  return text;
}

}  // namespace

void read_notice_heading(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* v = r.member(root, "notice", "", false);
  if (!v) return;
  r.notice_heading_given = true;
  const std::string p = "notice";
  if (!r.object(*v, p, "{issuing_body, place, signer_title, signer_name, …}")) return;
  r.unknown_fields(*v, p, "the notice heading",
                   {"parent_body", "issuing_body", "place", "signer_capacity", "signer_title", "signer_name",
                    "recipients"});
  NoticeHeading h;
  h.parent_body = line(r, *v, "parent_body", p, false).value_or("");
  h.issuing_body = line(r, *v, "issuing_body", p, true).value_or("");
  h.place = line(r, *v, "place", p, true).value_or("");
  h.signer_capacity = line(r, *v, "signer_capacity", p, false).value_or("");
  h.signer_title = line(r, *v, "signer_title", p, true).value_or("");
  h.signer_name = line(r, *v, "signer_name", p, true).value_or("");
  if (const Json* list = r.list(*v, "recipients", p, false, false, "")) {
    if (list->size() > kMaxRecipients) {
      r.problem(at(p, "recipients"), {"lists at most " + std::to_string(kMaxRecipients) + " recipients (one line each)",
                                      "chỉ ghi tối đa " + std::to_string(kMaxRecipients) + " nơi nhận (mỗi nơi một dòng)"});
    } else {
      for (std::size_t i = 0; i < list->size(); ++i) {
        std::string ip = at(at(p, "recipients"), i);
        auto text = r.text_value((*list)[i], ip, true);
        if (text && count_chars(*text) > kMaxNoticeLineChars) {
          r.problem(ip, {"must be at most " + std::to_string(kMaxNoticeLineChars) + " characters",
                         "không được dài quá " + std::to_string(kMaxNoticeLineChars) + " ký tự"});
        } else if (text) {
          h.recipients.push_back(*text);
        }
      }
    }
  }
  config.notice = std::move(h);
}

void read_notice_issue(ConfigReader& r, const Json& owner, const std::string& path, NoticeIssue& out) {
  const Json* v = r.member(owner, "notice", path, false);
  if (!v) return;
  const std::string p = at(path, "notice");
  if (!r.object(*v, p, "{number, date}")) return;
  r.unknown_fields(*v, p, "a notice", {"number", "date"});
  if (!r.notice_heading_given) {
    r.problem(p, {"gives a notice's number and date, but the contest has no notice heading (add a top-level "
                  "\"notice\" with the issuing body and the signer)",
                  "có số và ngày của thông báo, nhưng cuộc thi chưa khai báo phần đầu thông báo (hãy thêm mục "
                  "\"notice\" ở cấp cuộc thi với cơ quan ban hành và người ký)"});
  }
  if (auto number = r.text(*v, "number", p, false)) {
    if (count_chars(*number) > 40) {
      r.problem(at(p, "number"), {"must be at most 40 characters (\"15/TB-BTC\")",
                                  "không được dài quá 40 ký tự (\"15/TB-BTC\")"});
    } else {
      out.number = *number;
    }
  }
  if (auto date = r.text(*v, "date", p, false)) {
    if (!is_iso_date(*date)) {
      r.problem(at(p, "date"), {in_quotes(*date) + " must be a date YYYY-MM-DD",
                                in_quotes(*date) + " phải là một ngày có dạng YYYY-MM-DD (năm-tháng-ngày)"});
    } else {
      out.date = *date;
    }
  }
}

}  // namespace rq::core::config_detail
