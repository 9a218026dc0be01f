// Renders a sample document (sample_documents.h) to a PDF file, or measures
// how many renders a second this build does (scripts/bench.sh).
//
//   render_sample_pdf SAMPLE LINES OUT.pdf
//   render_sample_pdf --bench SAMPLE LINES SECONDS   one JSON line on stdout
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "documents/pdf/invoice_pdf.h"
#include "documents/pdf/sample_documents.h"

namespace {

int Usage() {
  std::cerr << "usage: render_sample_pdf SAMPLE LINES OUT.pdf\n"
               "       render_sample_pdf --bench SAMPLE LINES SECONDS\n"
               "SAMPLE: invoice, draft, credit-note, reverse-charge\n";
  return 2;
}

bool ParseInt(std::string_view text, int& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0;
}

// Renders for `seconds`, one at a time: renders/s and the latency
// percentiles, in the fields scripts/bench.sh records for every operation.
// The thread's first render (fonts loaded once per thread) is timed apart,
// as first_ms.
int Bench(const billing::domain::InvoiceDocument& document, int seconds) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> ms;
  size_t bytes = 0;
  Clock::time_point first_start = Clock::now();
  if (absl::StatusOr<std::string> pdf = billing::documents::RenderInvoicePdf(document); !pdf.ok()) {
    std::cerr << pdf.status() << "\n";
    return 1;
  }
  const double first_ms = std::chrono::duration<double, std::milli>(Clock::now() - first_start).count();
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + std::chrono::seconds(seconds);
  while (Clock::now() < end || ms.empty()) {
    Clock::time_point t0 = Clock::now();
    absl::StatusOr<std::string> pdf = billing::documents::RenderInvoicePdf(document);
    if (!pdf.ok()) {
      std::cerr << pdf.status() << "\n";
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    bytes = pdf->size();
  }
  double total_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  auto percentile = [&](double p) {
    return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())))];
  };
  std::cout << absl::StrFormat(
      R"({"count":%d,"rps":%.3f,"p50_ms":%.3f,"p99_ms":%.3f,"errors":0,"bytes":%d,"first_ms":%.3f})"
      "\n",
      ms.size(), static_cast<double>(ms.size()) / total_s, percentile(0.5), percentile(0.99), bytes,
      first_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  bool bench = !args.empty() && args[0] == "--bench";
  if (bench) args.erase(args.begin());
  int lines = 0;
  if (args.size() != 3 || !ParseInt(args[1], lines)) return Usage();
  absl::StatusOr<billing::domain::InvoiceDocument> document =
      billing::documents::SampleDocument(args[0], lines);
  if (!document.ok()) {
    std::cerr << document.status() << "\n";
    return Usage();
  }
  if (bench) {
    int seconds = 0;
    if (!ParseInt(args[2], seconds)) return Usage();
    return Bench(*document, seconds);
  }
  absl::StatusOr<std::string> pdf = billing::documents::RenderInvoicePdf(*document);
  if (!pdf.ok()) {
    std::cerr << pdf.status() << "\n";
    return 1;
  }
  std::ofstream out{std::string(args[2]), std::ios::binary};
  out.write(pdf->data(), static_cast<std::streamsize>(pdf->size()));
  out.close();
  if (!out) {
    std::cerr << "render_sample_pdf: cannot write " << args[2] << "\n";
    return 1;
  }
  return 0;
}
