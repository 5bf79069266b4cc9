#include "harness/report.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "connector/amount.hpp"
#include "bitstamp/core/limits.hpp"
#include "bitstamp/core/state.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "fireblocks/core/state.hpp"
#include "fireblocks/core/transactions.hpp"

namespace harness {
namespace {

using Json = nlohmann::json;

// Which endpoint a payment came from: its source metadata, else its reference's prefix.
std::string payment_source(const Json& record, const std::string& reference) {
  const std::string key = std::string(bitstamp::core::metadata_prefix) + "source";
  const Json& metadata = record.contains("metadata") ? record["metadata"] : Json();
  if (metadata.is_object() && metadata.contains(key) && metadata[key].is_string()) return metadata[key].get<std::string>();
  if (metadata.is_object() && metadata.contains("com.fireblocks.spec/status")) return "fireblocks transactions";
  if (reference.starts_with("wr:")) return "withdrawal-requests";
  if (reference.starts_with("ct-")) return "crypto-transactions";
  return "user_transactions";
}

std::string text_of(const Json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string("-");
}

// The amount token of a canonical balance line, verbatim: amounts can exceed what a double
// (or int64) holds, so they are never parsed as numbers here.
std::string amount_token(const std::string& line) {
  constexpr std::string_view key = "\"amount\":";
  const std::size_t at = line.find(key);
  if (at == std::string::npos) return "?";
  const std::size_t begin = at + key.size();
  return line.substr(begin, line.find_first_of(",}", begin) - begin);
}

// The precision of a "TICKER/PRECISION" asset; nullopt when it has none readable.
std::optional<std::uint32_t> asset_precision(std::string_view asset) {
  const std::size_t slash = asset.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view digits = asset.substr(slash + 1);
  std::uint32_t precision = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), precision);
  if (error != std::errc() || end != digits.data() + digits.size() || precision > connector::precision_max) {
    return std::nullopt;
  }
  return precision;
}

// "248.05530658 BTC  (24805530658 BTC/8)": the exact decimal a person reads, from the integer
// (never through a double), with the minor units and the asset as stored beside it.
std::string balance_text(const std::string& amount_token, const std::string& asset) {
  const connector::ParsedDecimal minor = connector::parse_decimal(amount_token, 0);
  const std::optional<std::uint32_t> precision = asset_precision(asset);
  if (!minor.ok() || !precision) return amount_token + " " + asset;
  return connector::format_decimal(minor.amount, *precision) + " " + asset.substr(0, asset.find('/')) + "  (" +
         amount_token + " " + asset + ")";
}

void print_counts(std::ostream& out, const std::map<std::string, std::size_t>& counts) {
  for (const auto& [key, count] : counts) out << "    " << key << ": " << count << "\n";
}

void print_fireblocks_cursors(const fireblocks::core::SyncState& state, std::ostream& out) {
  std::size_t followed = 0;
  std::size_t held = 0;
  for (const auto& [id, known] : state.known) {
    if (!known.held_raw.empty()) ++held;
    else if (!fireblocks::core::read_status(known.status).terminal) ++followed;
  }
  out << "  payments.lastCreatedAt (ms)                   " << state.last_created_at_ms
      << (state.backfill_pending ? " (backfill pending)" : "") << "\n";
  out << "  transactions followed until they end          " << followed << "\n";
  out << "  transactions held (asset unknown, amount)     " << held << "\n";
  out << "  asset catalogue                               " << state.catalogue.size() << " assets, "
      << state.catalogue_skipped.size() << " left out\n";
}

void print_cursors(const std::optional<std::string>& document, std::ostream& out) {
  out << "Cursors\n";
  if (!document) {
    out << "  none: nothing committed yet\n";
    return;
  }
  const bitstamp::core::StateDecode decoded = bitstamp::core::decode_state(*document);
  if (!decoded.state) {
    if (const fireblocks::core::StateDecode workspace = fireblocks::core::decode_state(*document); workspace.state) {
      return print_fireblocks_cursors(*workspace.state, out);
    }
    out << "  the state does not decode: " << decoded.error << "\n";
    return;
  }
  const bitstamp::core::SyncState& state = *decoded.state;
  const auto& walks = state.payments_cursor;
  out << "  payments.user_transactions.lastTransactionID  " << walks.user_transactions.last_id
      << (walks.user_transactions.backfill_pending ? " (backfill pending)" : "") << "\n";
  out << "  payments.crypto_transactions.walkedThroughTs  " << walks.crypto_transactions.walked_through_s << "\n";
  out << "  payments.withdrawal_requests.lastID           " << walks.withdrawal_requests.last_id << "\n";
  out << "  conversions.lastTransactionID                 " << state.conversions_cursor.last_id
      << (state.conversions_cursor.backfill_pending ? " (backfill pending)" : "") << "\n";
  out << "  orders.fills.lastTransactionID                " << state.orders_cursor.fills.last_id << "\n";
  out << "  orders followed                               " << state.orders_cursor.tracked.size() << "\n";
}

}  // namespace

void print_report(const SqliteStore& store, std::ostream& out) {
  const StoreCounts counts = store.counts();
  out << "Store " << store.path() << " (schema v" << store.schema_version() << ", " << counts.commits
      << " commits)\n";

  std::map<std::string, std::vector<std::string>> balances_of;  // account reference -> "amount asset", by asset
  std::istringstream view(store.canonical_view());
  for (std::string line; std::getline(view, line);) {
    const Json row = Json::parse(line, nullptr, false);
    if (row.is_object() && row.contains("balanceOf")) {
      balances_of[text_of(row, "balanceOf")].push_back(balance_text(amount_token(line), text_of(row, "asset")));
    }
  }
  const std::vector<SqliteStore::Row> accounts = store.latest("accounts");
  out << "Accounts (" << accounts.size() << "; balances as exact decimals, minor units and asset beside)\n";
  for (const SqliteStore::Row& row : accounts) {
    const auto balances = balances_of.find(row.reference);
    if (balances == balances_of.end()) {
      out << "  " << row.reference << "  no balance\n";
      continue;
    }
    // A multi-asset account (a Fireblocks vault) lists each asset under its first line.
    out << "  " << row.reference << "  " << balances->second.front() << "\n";
    for (std::size_t i = 1; i < balances->second.size(); ++i) {
      out << "  " << std::string(row.reference.size(), ' ') << "  " << balances->second[i] << "\n";
    }
  }

  std::map<std::string, std::size_t> by_source;
  std::map<std::string, std::size_t> by_type;
  std::map<std::string, std::size_t> by_status;
  const std::vector<SqliteStore::Row> payments = store.latest("payments");
  for (const SqliteStore::Row& row : payments) {
    const Json record = Json::parse(row.record, nullptr, false);
    ++by_source[payment_source(record, row.reference)];
    ++by_type[text_of(record, "type")];
    ++by_status[text_of(record, "status")];
  }
  out << "Payments (" << payments.size() << "; " << counts.payment_adjustments << " adjustments)\n";
  out << "  by source\n";
  print_counts(out, by_source);
  out << "  by type\n";
  print_counts(out, by_type);
  out << "  by status\n";
  print_counts(out, by_status);

  std::map<std::string, std::size_t> orders_by_status;
  const std::vector<SqliteStore::Row> orders = store.latest("orders");
  for (const SqliteStore::Row& row : orders) ++orders_by_status[text_of(Json::parse(row.record, nullptr, false), "status")];
  out << "Orders (" << orders.size() << "; " << counts.order_adjustments << " adjustments)\n";
  print_counts(out, orders_by_status);
  out << "Conversions (" << counts.conversions << ")\n";
  out << "Repeated records received and ignored: " << counts.repeated_records << "\n";
  if (counts.order_fold_conflicts > 0) {
    out << "Historical order emissions refused (fills overlapping those stored): " << counts.order_fold_conflicts
        << "\n";
  }
  print_cursors(store.load_state_document(), out);
}

}  // namespace harness
