// The contest the fuzz targets check profiles against: two categories, two
// units, one round.
#pragma once

#include "core/contest/contest_config.hpp"

inline const rq::core::ContestConfig& fuzz_contest() {
  static const rq::core::ContestConfig config = rq::core::parse_contest_config(R"({
    "id": "fuzz", "title": "Cuộc thi", "categories": [{"id": "cbccvc", "name": "CBCCVC"}, {"id": "nhan-dan", "name": "Nhân dân"}],
    "units": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "headcount": 10}, {"id": "ubnd-xa", "name": "UBND xã"}],
    "rounds": [{"id": "ky-1", "title": "Kỳ 1", "opens_at": "2026-12-01T08:00:00+07:00",
                "closes_at": "2026-12-07T17:00:00+07:00", "bank": "b", "draw": {"count": 5}, "time_limit_s": 600}]
  })").config;
  return config;
}
