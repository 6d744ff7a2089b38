#!/usr/bin/env bash
# Loads the sample into the Redis at REDIS_URL: the shipped question bank, a
# demo contest and an organiser account "admin" with a fresh password (kept
# in var/demo-admin-password for run.sh to print). Safe to run again: what
# exists is kept, the password is renewed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CLI="$BUILD_DIR/server/cli/reformquiz"
: "${REDIS_URL:?REDIS_URL must point at the Redis to load}"

if ! "$CLI" bank export cchc-2021-2030 >/dev/null 2>&1; then
  "$CLI" bank import "$ROOT/question_banks/cchc-2021-2030.vi.json" --id cchc-2021-2030 >/dev/null
  log "Loaded the bank cchc-2021-2030."
fi

opens=$(date -u +%Y-%m-%dT%H:%M:%SZ)
closes=$(date -u -d "+7 days" +%Y-%m-%dT%H:%M:%SZ)
closes2=$(date -u -d "+14 days" +%Y-%m-%dT%H:%M:%SZ)
contest_file=$(mktemp)
trap 'rm -f "$contest_file"' EXIT
cat >"$contest_file" <<JSON
{
  "id": "demo-cchc",
  "title": "Cuộc thi tìm hiểu cải cách hành chính (bản thử)",
  "timezone": "Asia/Ho_Chi_Minh",
  "categories": [{"id": "cbccvc", "name": "Cán bộ, công chức, viên chức"},
                 {"id": "nhan-dan", "name": "Nhân dân"}],
  "units": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "block": "so-nganh", "headcount": 120},
            {"id": "so-tu-phap", "name": "Sở Tư pháp", "block": "so-nganh", "headcount": 80},
            {"id": "ubnd-phuong-1", "name": "UBND Phường 1", "block": "xa-phuong", "headcount": 40},
            {"id": "ubnd-xa-binh-an", "name": "UBND xã Bình An", "block": "xa-phuong", "headcount": 35}],
  "blocks": [{"id": "so-nganh", "name": "Sở, ban, ngành"}, {"id": "xa-phuong", "name": "Xã, phường, đặc khu"}],
  "excluded": {"phones": [], "id_numbers": []},
  "repeat_winners": "once_per_round",
  "profile_fields": {"gender": "optional", "address": "optional"},
  "notice": {"parent_body": "UBND TỈNH (BẢN THỬ)", "issuing_body": "BAN TỔ CHỨC CUỘC THI",
             "place": "Tam Kỳ", "signer_capacity": "TM. BAN TỔ CHỨC", "signer_title": "TRƯỞNG BAN",
             "signer_name": "Nguyễn Văn An", "recipients": ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố", "Lưu: VT, BTC"]},
  "rounds": [
    {"id": "ky-1", "title": "Kỳ 1", "opens_at": "$opens", "closes_at": "$closes",
     "bank": "cchc-2021-2030", "draw": {"count": 10, "by_topic": {"thu-tuc-hanh-chinh": 2, "mot-cua": 2}},
     "time_limit_s": 600, "attempts": 2, "counted_attempt": "best",
     "prediction": {"prompt": "Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi của kỳ này?",
                    "target": "perfect_entries"},
     "ranking": ["score", "prediction", "duration", "submitted_at"],
     "notice": {"number": "01/TB-BTC"},
     "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1, "amount": 3000000},
                                                 {"name": "Giải Nhì", "count": 1, "amount": 2000000},
                                                 {"name": "Giải Ba", "count": 2, "amount": 1000000},
                                                 {"name": "Giải Khuyến khích", "count": 3, "amount": 500000}]},
                {"category": "nhan-dan", "tiers": [{"name": "Giải Nhất", "count": 1, "amount": 3000000},
                                                   {"name": "Giải Nhì", "count": 1, "amount": 2000000},
                                                   {"name": "Giải Ba", "count": 2, "amount": 1000000},
                                                   {"name": "Giải Khuyến khích", "count": 3, "amount": 500000}]}]},
    {"id": "ky-2", "title": "Kỳ 2", "opens_at": "$closes", "closes_at": "$closes2",
     "bank": "cchc-2021-2030", "draw": {"count": 10},
     "time_limit_s": 600, "attempts": 2,
     "prediction": {"prompt": "Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi của kỳ này?",
                    "target": "perfect_entries"},
     "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1}]},
                {"category": "nhan-dan", "tiers": [{"name": "Giải Nhất", "count": 1}]}]}
  ],
  "collective_prizes": [{"name": "Giải tập thể", "count": 2, "metric": "participation_rate", "block": null}],
  "final": {"title": "Kết quả chung cuộc", "rounds": ["ky-1", "ky-2"], "combine": "sum",
            "ranking": ["score", "duration", "attempts_used"],
            "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}]},
                       {"category": "nhan-dan", "tiers": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}]}],
            "round_winners": "allowed"}
}
JSON
if out=$("$CLI" contest create "$contest_file" 2>&1); then
  log "Created the demo contest demo-cchc (round ky-1 open until $closes)."
elif ! grep -q "exists already" <<<"$out"; then
  echo "$out" >&2
  exit 1
fi

# DEMO_PASSWORD_FILE: where the new password goes (tests point it elsewhere).
password_file="${DEMO_PASSWORD_FILE:-$ROOT/var/demo-admin-password}"
mkdir -p "$(dirname "$password_file")"
password=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 14)
printf '%s\n' "$password" | "$CLI" admin add admin --replace >/dev/null
printf '%s\n' "$password" >"$password_file"
chmod 600 "$password_file"
