#include "storage/sql/dialect.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "domain/text.h"

namespace billing::storage::sql {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::optional<Dialect::CatalogColumn> Dialect::Catalog(const Column& column) const {
  const std::string_view type = CatalogType(column.type);
  if (type.empty()) return std::nullopt;
  return CatalogColumn{
      .name = column.type == ColumnType::kTime ? TimeColumn(column.name) : std::string(column.name),
      .type = std::string(type),
      .not_null = !column.nullable,
  };
}

std::string Dialect::Expand(std::string_view sql, bool row_locks) const {
  std::string out;
  out.reserve(sql.size() + 32);
  bool in_literal = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') in_literal = !in_literal;  // '' inside a literal toggles twice
    if (in_literal) {
      out.push_back(c);
      continue;
    }
    if (c == '?' && i + 1 < sql.size() && IsDigit(sql[i + 1])) {
      size_t end = i + 1;
      while (end < sql.size() && IsDigit(sql[end])) ++end;
      out += Placeholder(std::atoi(std::string(sql.substr(i + 1, end - i - 1)).c_str()));
      i = end - 1;
      continue;
    }
    if (c == '{') {
      const size_t close = sql.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view marker = sql.substr(i + 1, close - i - 1);
        const size_t colon = marker.find(':');
        const std::string_view kind = marker.substr(0, colon);
        const std::string_view arg =
            colon == std::string_view::npos ? std::string_view() : marker.substr(colon + 1);
        bool known = true;
        if (kind == "time") {
          out += TimeColumn(arg);
        } else if (kind == "micros") {
          out += ReadMicros(arg);
        } else if (kind == "day") {
          out += ReadDay(arg);
        } else if (kind == "sum_int") {
          out += SumInt(arg);
        } else if (kind == "time_type") {
          absl::StrAppend(&out, domain::Av(TimeType()));
        } else if (kind == "write_order") {
          absl::StrAppend(&out, domain::Av(WriteOrder()));
        } else if (kind == "row_key") {
          absl::StrAppend(&out, domain::Av(RowKey()));
        } else if (kind == "row_key_columns") {
          absl::StrAppend(&out, domain::Av(RowKeyColumns()));
        } else if (kind == "not_in_list" || kind == "in_json_list") {
          const size_t last = arg.rfind(':');
          known = last != std::string_view::npos;
          if (known) {
            const std::string column(arg.substr(0, last));
            const std::string list =
                Placeholder(std::atoi(std::string(arg.substr(last + 1)).c_str()));
            out += kind == "not_in_list" ? NotInList(column, list) : InJsonList(column, list);
          }
        } else if (kind == "lock") {
          const size_t colon = arg.find(':');
          const std::string_view name = arg.substr(0, colon);
          const std::string_view of =
              colon == std::string_view::npos ? std::string_view() : arg.substr(colon + 1);
          const RowLock lock = name == "update"                      ? RowLock::kUpdate
                               : name == "no_key_update"             ? RowLock::kNoKeyUpdate
                               : name == "no_key_update_skip_locked" ? RowLock::kNoKeyUpdateSkipLocked
                                                                     : RowLock::kKeyShare;
          known = name == "update" || name == "no_key_update" || name == "key_share" ||
                  name == "no_key_update_skip_locked";
          if (known && row_locks) out += Lock(lock, of);
        } else {
          known = false;
        }
        // An unknown marker stays as written: the database refuses it, and
        // the repository's tests say which.
        if (known) {
          i = close;
          continue;
        }
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace billing::storage::sql
