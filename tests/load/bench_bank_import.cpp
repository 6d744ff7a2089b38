// Benchmark (not a test): validating a 10,000-question CSV bank, as an
// organiser's Excel export of a large provincial bank would be, and the same
// bank as native JSON. Prints the CPU time of each; the aim is under one
// second for the CSV.
#include <sys/resource.h>

#include <cstdio>
#include <string>

#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Vietnamese text with diacritics, a quoted cell with a comma in every row,
// and four options: what real banks look like.
std::string make_csv(int questions) {
  std::string csv = "\xEF\xBB\xBFid;topic;text;option_a;option_b;option_c;option_d;correct;source;difficulty;explanation\r\n";
  const char* topics[] = {"the-che", "thu-tuc-hanh-chinh", "bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so"};
  for (int i = 1; i <= questions; ++i) {
    std::string n = std::to_string(i);
    csv += "q-" + n + ";" + topics[i % 6] + ";\"Theo Nghị quyết 76/NQ-CP, câu hỏi số " + n +
           " về cải cách hành chính; nội dung nào đúng?\";Phương án thứ nhất " + n + ";Phương án thứ hai " + n +
           ";Phương án thứ ba " + n + ";Phương án thứ tư " + n + ";B;Nghị quyết 76/NQ-CP ngày 15/7/2021;2;" +
           "\"Giải thích, có dấu phẩy, cho câu " + n + ".\"\r\n";
  }
  return csv;
}

template <class F>
double best_of(int runs, F f) {
  double best = 1e9;
  for (int r = 0; r < runs; ++r) {
    double start = cpu_seconds();
    f();
    best = std::min(best, cpu_seconds() - start);
  }
  return best;
}

}  // namespace

int main() {
  constexpr int kQuestions = 10000;
  std::string csv = make_csv(kQuestions);
  std::size_t questions = 0;
  double csv_s = best_of(5, [&] {
    auto r = rq::core::import_bank(csv, rq::core::BankFormat::csv, {.id = "bench", .title = "", .language = ""});
    if (!r.ok()) std::fprintf(stderr, "unexpected problems: %s\n", r.problems.front().to_string().c_str());
    questions = r.bank.questions.size();
  });
  auto bank = rq::core::import_bank(csv, rq::core::BankFormat::csv, {.id = "bench", .title = "", .language = ""}).bank;
  std::string json = rq::core::bank_to_json(bank).dump(2);
  double json_s = best_of(5, [&] { rq::core::import_bank(json, rq::core::BankFormat::json); });

  std::printf("bank import benchmark (best of 5, CPU time)\n");
  std::printf("  CSV  %6zu questions, %5.1f MiB: %.3f s  (%.0f questions/s)\n", questions,
              static_cast<double>(csv.size()) / (1 << 20), csv_s, static_cast<double>(questions) / csv_s);
  std::printf("  JSON %6zu questions, %5.1f MiB: %.3f s  (%.0f questions/s)\n", bank.questions.size(),
              static_cast<double>(json.size()) / (1 << 20), json_s, static_cast<double>(bank.questions.size()) / json_s);
  return questions == kQuestions ? 0 : 1;
}
