#include "bitstamp/core/record.hpp"

#include "bitstamp/core/canonical_json.hpp"
#include "bitstamp/core/record_json.hpp"
#include "bitstamp/core/time.hpp"

namespace bitstamp::core {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string metadata_json(const Metadata& metadata) {
  CanonicalObject object;
  for (const auto& [key, value] : metadata) object.string(key, value);
  return object.finish();
}

}  // namespace

std::string_view record_kind(const Record& record) {
  return std::visit(Overloaded{[](const PspAccount&) { return std::string_view("account"); },
                               [](const PspBalance&) { return std::string_view("balance"); }},
                    record);
}

std::string record_key(const Record& record) {
  return std::visit(
      Overloaded{[](const PspAccount& a) { return "account:" + a.reference; },
                 [](const PspBalance& b) { return "balance:" + b.account_reference; }},
      record);
}

std::string to_json(const Record& record) {
  return std::visit(
      Overloaded{
          [](const PspAccount& a) {
            return CanonicalObject()
                .string("kind", "account")
                .string("reference", a.reference)
                .string("createdAt", format_rfc3339(a.created_at_us))
                .string("name", a.name)
                .string("defaultAsset", a.default_asset)
                .raw("metadata", metadata_json(a.metadata))
                .raw("raw", a.raw.empty() ? std::string_view("null") : std::string_view(a.raw))
                .finish();
          },
          [](const PspBalance& b) {
            return CanonicalObject()
                .string("kind", "balance")
                .string("accountReference", b.account_reference)
                .string("createdAt", format_rfc3339(b.created_at_us))
                .amount("amount", b.amount)
                .string("asset", b.asset)
                .finish();
          }},
      record);
}

}  // namespace bitstamp::core
