// Benchmark (not a test): validating a 10,000-question bank in every import
// format an organiser brings: CSV (a large provincial bank from Excel), the
// same bank as native JSON, an Excel workbook, a Word question set, the text
// question set and Moodle XML. Prints the CPU time of each; the aim is under
// one second for each of CSV, .xlsx and .docx. Its ceiling, measured in the
// same run: for .xlsx and .docx, unpacking the XML part and running expat
// over it with a handler that does nothing (what no reader can beat).
#include <sys/resource.h>

#include <cstdio>
#include <string>

#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/bank/xml_reader.hpp"
#include "core/bank/zip_archive.hpp"
#include "office/bank_xlsx.hpp"

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

// Unzipping a part and parsing it with expat, doing nothing with it.
class NoHandler : public rq::core::XmlHandler {
 public:
  void start(std::string_view, std::string_view, const std::vector<rq::core::XmlAttribute>&, int) override {}
  void end(std::string_view, std::string_view) override {}
  void text(std::string_view) override {}
};
void unzip_and_parse(const std::string& file, const std::string& part) {
  rq::core::Localized error;
  auto zip = rq::core::ZipArchive::open(file, error);
  auto xml = zip->read(part, error);
  NoHandler none;
  rq::core::XmlReader reader;
  rq::core::XmlError xml_error;
  reader.parse(*xml, none, xml_error);
}

void report(const char* name, std::size_t questions, std::size_t bytes, double seconds) {
  std::printf("  %-24s %6zu questions, %5.1f MiB: %.3f s  (%.0f questions/s)\n", name, questions,
              static_cast<double>(bytes) / (1 << 20), seconds, static_cast<double>(questions) / seconds);
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

  using rq::core::BankFormat;
  std::string error, xlsx, docx, text;
  xlsx = rq::office::bank_to_xlsx(bank, error).value_or("");
  rq::core::bank_to_docx(bank, docx, error);
  rq::core::bank_to_question_set_text(bank, text, error);
  // Moodle XML is wordy: 10,000 questions take 15 MiB, over the upload
  // limit, so it is measured on the first 6,000.
  auto part = bank;
  part.questions.resize(6000);
  const std::string moodle = rq::core::bank_to_moodle_xml(part);
  auto timed = [&](const std::string& bytes, BankFormat format) {
    std::size_t n = 0;
    double s = best_of(5, [&] {
      auto r = rq::core::import_bank(bytes, format, {.id = "bench", .title = "", .language = ""});
      if (!r.ok()) std::fprintf(stderr, "unexpected problems: %s\n", r.problems.front().to_string().c_str());
      n = r.bank.questions.size();
    });
    return std::make_pair(n, s);
  };
  auto [xlsx_n, xlsx_s] = timed(xlsx, BankFormat::xlsx);
  auto [docx_n, docx_s] = timed(docx, BankFormat::docx);
  auto [text_n, text_s] = timed(text, BankFormat::txt);
  auto [moodle_n, moodle_s] = timed(moodle, BankFormat::xml);
  double xlsx_floor = best_of(5, [&] { unzip_and_parse(xlsx, "xl/worksheets/sheet1.xml"); });
  double docx_floor = best_of(5, [&] { unzip_and_parse(docx, "word/document.xml"); });

  std::printf("bank import benchmark (best of 5, CPU time)\n");
  report("CSV", questions, csv.size(), csv_s);
  report("JSON", bank.questions.size(), json.size(), json_s);
  report("Excel (.xlsx)", xlsx_n, xlsx.size(), xlsx_s);
  report("Word (.docx)", docx_n, docx.size(), docx_s);
  report("question set (.txt)", text_n, text.size(), text_s);
  report("Moodle XML", moodle_n, moodle.size(), moodle_s);
  std::printf("  ceiling, unzip + expat alone: .xlsx %.3f s (the reader takes %.1fx), .docx %.3f s (%.1fx)\n", xlsx_floor,
              xlsx_s / xlsx_floor, docx_floor, docx_s / docx_floor);
  const bool all = questions == kQuestions && xlsx_n == kQuestions && docx_n == kQuestions && text_n == kQuestions &&
                   moodle_n == part.questions.size();
  return all ? 0 : 1;
}
