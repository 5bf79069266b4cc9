#pragma once
// Bitstamp's namespace for the metadata keys its records carry (Formance's convention:
// com.<connector>.spec/<field>).

#include <string_view>

namespace bitstamp::core {

inline constexpr std::string_view metadata_prefix = "com.bitstamp.spec/";

}  // namespace bitstamp::core
