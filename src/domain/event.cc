#include "domain/event.h"

#include <algorithm>

namespace billing::domain {

bool IsEventType(std::string_view type) {
  return std::find(std::begin(kEventTypes), std::end(kEventTypes), type) != std::end(kEventTypes);
}

}  // namespace billing::domain
