#pragma once
// Private to the core: one JSON value checked strictly and written compactly. Every record keeps
// its wire row verbatim in `raw`, and every record is printed as one line that must parse as
// JSON whatever bytes came in. simdjson's on-demand walk validates only what it is asked to read,
// so a row can hold `"zz":nope`, a raw control byte in a string or a lone `\ud800` and still be
// walked; and a body an indenting proxy stored spreads a row over many lines. This pass does
// both jobs at once: it refuses anything RFC 8259 does not allow, and drops the whitespace
// between tokens while keeping key order, string bytes and number text exactly as sent.

#include <cstddef>
#include <string>
#include <string_view>

namespace connector {

// Nesting a row may have; a row is a flat object with at most a list of small objects.
inline constexpr std::size_t compact_json_depth_max = 64;

// Appends `text` (exactly one JSON value, surrounding whitespace allowed) to `out` without
// insignificant whitespace. On failure returns why ("a control byte inside a string at byte 17")
// and leaves `out` as it was; "" on success.
[[nodiscard]] std::string compact_json(std::string_view text, std::string& out);

}  // namespace connector
