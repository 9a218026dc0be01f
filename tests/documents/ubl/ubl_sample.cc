// Writes the e-invoice of every matrix case (sample_documents.h) to
// DIR/<case>.xml, for the official validators (validate_matrix.sh).
//
//   ubl_sample DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/status/statusor.h"
#include "documents/ubl/sample_documents.h"
#include "documents/ubl/ubl_invoice.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ubl_sample DIR\n");
    return 2;
  }
  absl::StatusOr<std::vector<billing::documents::samples::Case>> cases =
      billing::documents::samples::MatrixCases();
  if (!cases.ok()) {
    std::fprintf(stderr, "ubl_sample: %s\n", cases.status().ToString().c_str());
    return 1;
  }
  for (const auto& c : *cases) {
    absl::StatusOr<std::string> xml = billing::documents::WriteUblInvoice(c.document);
    if (!xml.ok()) {
      std::fprintf(stderr, "ubl_sample: %s: %s\n", c.name.c_str(), xml.status().ToString().c_str());
      return 1;
    }
    const std::string path = std::string(argv[1]) + "/" + c.name + ".xml";
    std::ofstream out(path, std::ios::binary);
    out << *xml;
    out.close();
    if (!out) {
      std::fprintf(stderr, "ubl_sample: cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("%s\n", path.c_str());
  }
  return 0;
}
