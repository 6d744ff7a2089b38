#include "core/protocol/error_code.hpp"

#include <array>

namespace rq::core {
namespace {

struct Entry {
  ErrorCode code;
  std::string_view name;
  int status;
  std::string_view vi;
  std::string_view en;
};

// One table so that a new code cannot get a name without messages and a status.
constexpr std::array kTable{
    Entry{ErrorCode::bad_request, "bad_request", 400, "Yêu cầu không hợp lệ.", "The request is not valid."},
    Entry{ErrorCode::too_large, "too_large", 413, "Dữ liệu gửi lên quá lớn.", "The message is too large."},
    Entry{ErrorCode::unauthorized, "unauthorized", 401, "Bạn cần đăng nhập.", "You need to log in."},
    Entry{ErrorCode::invalid_token, "invalid_token", 401, "Phiên đăng nhập không hợp lệ hoặc đã hết hạn.",
          "The session token is not valid or has expired."},
    Entry{ErrorCode::forbidden, "forbidden", 403, "Bạn không có quyền thực hiện thao tác này.",
          "You may not do this."},
    Entry{ErrorCode::not_found, "not_found", 404, "Không tìm thấy.", "Not found."},
    Entry{ErrorCode::invalid_profile, "invalid_profile", 422, "Thông tin đăng ký không hợp lệ.",
          "The registration details are not valid."},
    Entry{ErrorCode::already_registered, "already_registered", 409, "Thông tin này đã được dùng để đăng ký.",
          "These details are already registered."},
    Entry{ErrorCode::invalid_credentials, "invalid_credentials", 401, "Sai số điện thoại hoặc mật khẩu.",
          "Wrong phone number or password."},
    Entry{ErrorCode::registration_closed, "registration_closed", 409, "Cuộc thi đã hết hạn đăng ký.",
          "Registration for this contest is closed."},
    Entry{ErrorCode::round_not_open, "round_not_open", 409, "Kỳ thi chưa mở hoặc đã đóng.",
          "This round is not open."},
    Entry{ErrorCode::attempt_limit_reached, "attempt_limit_reached", 409, "Bạn đã dùng hết số lượt thi.",
          "You have used all your attempts."},
    Entry{ErrorCode::attempt_closed, "attempt_closed", 409, "Bài thi đã kết thúc.", "This attempt is closed."},
    Entry{ErrorCode::invalid_choice, "invalid_choice", 422, "Phương án trả lời không hợp lệ.",
          "The chosen option is not valid."},
    Entry{ErrorCode::invalid_prediction, "invalid_prediction", 422, "Số dự đoán không hợp lệ.",
          "The prediction is not valid."},
    Entry{ErrorCode::not_published, "not_published", 404, "Kết quả chưa được công bố.",
          "The results are not published yet."},
    Entry{ErrorCode::rate_limited, "rate_limited", 429, "Bạn thao tác quá nhanh, vui lòng thử lại sau.",
          "Too many requests; try again later."},
    Entry{ErrorCode::unavailable, "unavailable", 503, "Hệ thống tạm thời gián đoạn, vui lòng thử lại.",
          "The service is briefly unavailable; try again."},
    Entry{ErrorCode::invalid_bank, "invalid_bank", 422, "Tệp ngân hàng câu hỏi có lỗi.",
          "The question bank file has errors."},
    Entry{ErrorCode::invalid_contest, "invalid_contest", 422, "Cấu hình cuộc thi có lỗi.",
          "The contest configuration has errors."},
    Entry{ErrorCode::already_exists, "already_exists", 409, "Mã này đã tồn tại.", "This id exists already."},
    Entry{ErrorCode::not_finalized, "not_finalized", 409, "Hãy chốt kết quả trước khi công bố.",
          "Finalize the round before publishing it."},
    Entry{ErrorCode::invalid_password, "invalid_password", 422, "Mật khẩu mới không đạt yêu cầu.",
          "The new password does not meet the rules."},
    Entry{ErrorCode::locked, "locked", 409, "Không thể thay đổi nữa.", "This can no longer be changed."},
    Entry{ErrorCode::stale_draft, "stale_draft", 409,
          "Danh sách loại đã thay đổi sau lần chốt kết quả: hãy chốt lại trước khi công bố.",
          "The disqualifications changed after this draft was finalized: finalize again before publishing."},
    Entry{ErrorCode::internal, "internal", 500, "Lỗi hệ thống.", "Internal error."},
};

const Entry& entry(ErrorCode code) {
  for (const auto& e : kTable) {
    if (e.code == code) return e;
  }
  return kTable.back();
}

}  // namespace


std::string_view to_string(ErrorCode code) { return entry(code).name; }

std::string_view default_message(ErrorCode code, Lang lang) {
  const auto& e = entry(code);
  return lang == Lang::vi ? e.vi : e.en;
}

int http_status(ErrorCode code) { return entry(code).status; }

}  // namespace rq::core
