#include "domain/ids.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr int kIdBytes = 16;  // 128 bits: unguessable, as the issue demands
constexpr std::string_view kBase32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

// Fills `buffer` from the kernel's CSPRNG. There is no safe fallback for an
// id that must be unguessable, so failure ends the process loudly.
void FillRandom(std::array<unsigned char, kIdBytes>& buffer) {
  size_t filled = 0;
  while (filled < buffer.size()) {
    ssize_t got = getrandom(buffer.data() + filled, buffer.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    filled += static_cast<size_t>(got);
  }
  if (filled == buffer.size()) return;
  // getrandom(2) may be missing (old kernels, seccomp); /dev/urandom is the
  // same source.
  if (FILE* urandom = std::fopen("/dev/urandom", "rb")) {
    size_t read = std::fread(buffer.data(), 1, buffer.size(), urandom);
    std::fclose(urandom);
    if (read == buffer.size()) return;
  }
  std::fputs("billing: no cryptographic random source available\n", stderr);
  std::abort();
}

std::string Base32(const std::array<unsigned char, kIdBytes>& bytes) {
  std::string out;
  uint32_t bits = 0;
  int bit_count = 0;
  for (unsigned char byte : bytes) {
    bits = (bits << 8) | byte;
    bit_count += 8;
    while (bit_count >= 5) {
      out.push_back(kBase32Alphabet[(bits >> (bit_count - 5)) & 31]);
      bit_count -= 5;
    }
  }
  if (bit_count > 0) out.push_back(kBase32Alphabet[(bits << (5 - bit_count)) & 31]);
  return out;
}

bool IsClientIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

}  // namespace

std::string NewId(std::string_view prefix) {
  std::array<unsigned char, kIdBytes> bytes;
  FillRandom(bytes);
  return std::string(prefix) + Base32(bytes);
}

bool IsValidClientId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!IsClientIdChar(c)) return false;
  }
  return true;
}

absl::Status CheckId(std::string_view field, std::string_view id, std::string_view prefix) {
  if (id.empty()) return ValidationError(std::string(field), "is required");
  if (!IsValidClientId(id) || !id.starts_with(prefix)) {
    return ValidationError(
        std::string(field),
        prefix.empty()
            ? std::string("must be an id: 1-64 characters of A-Z, a-z, 0-9, _ and -")
            : absl::StrCat("must be an id starting with ", Av(prefix),
                           ": 1-64 characters of A-Z, a-z, 0-9, _ and -"));
  }
  return absl::OkStatus();
}

}  // namespace billing::domain
