// Transactions as payments against the wire digest §3: statuses, types by peer, references,
// multi-destination peers nested under .destination, amounts from amountInfo strings only,
// metadata, raw verbatim.

#include <gtest/gtest.h>

#include "fireblocks/core/transactions.hpp"
#include "fireblocks_bodies.hpp"

namespace fireblocks::core {
namespace {

using testing_bodies::Peer;
using testing_bodies::transaction;

const Peer vault7{"VAULT_ACCOUNT", "7"};
const Peer vault9{"VAULT_ACCOUNT", "9"};
const Peer outside{"UNKNOWN", ""};
const Peer wallet{"EXTERNAL_WALLET", "w1"};

Catalogue catalogue() {
  return {{"USDT_ERC20", AssetInfo{"USDT/6", 6, {{"com.fireblocks.spec/legacy_id", "USDT_ERC20"}}}},
          {"ETH", AssetInfo{"ETH/18", 18, {}}}};
}

PspPayment mapped(const std::string& body) {
  const TransactionsRead read = read_transactions_page("[" + body + "]");
  EXPECT_EQ(read.error, "");
  if (read.rows.empty()) return {};
  const MappedTransaction result = map_transaction(read.rows.front(), catalogue());
  EXPECT_TRUE(result.payment) << result.error << result.unknown_asset;
  return result.payment.value_or(PspPayment{});
}

TEST(FireblocksTransactions, StatusTable) {
  EXPECT_EQ(read_status("COMPLETED"), (StatusReading{PaymentStatus::succeeded, true, true}));
  for (const char* pending : {"SUBMITTED", "PENDING_AML_SCREENING", "PENDING_ENRICHMENT", "PENDING_AUTHORIZATION", "QUEUED",
                              "PENDING_SIGNATURE", "PENDING_3RD_PARTY_MANUAL_APPROVAL", "PENDING_3RD_PARTY", "CONFIRMING",
                              "BROADCASTING"}) {
    EXPECT_EQ(read_status(pending), (StatusReading{PaymentStatus::pending, false, true})) << pending;
  }
  EXPECT_EQ(read_status("CANCELLING"), (StatusReading{PaymentStatus::cancelled, false, true}));
  EXPECT_EQ(read_status("CANCELLED"), (StatusReading{PaymentStatus::cancelled, true, true}));
  for (const char* failed : {"FAILED", "BLOCKED", "REJECTED"}) {
    EXPECT_EQ(read_status(failed), (StatusReading{PaymentStatus::failed, true, true})) << failed;
  }
  for (const char* other : {"PARTIALLY_COMPLETED", "TIMEOUT", "", "PENDING", "CONFIRMED"}) {
    EXPECT_EQ(read_status(other), (StatusReading{PaymentStatus::unknown, false, false})) << other;
  }
}

TEST(FireblocksTransactions, TypeByPeerTypes) {
  EXPECT_EQ(mapped(transaction("a", 1, "COMPLETED", "ETH", "1", outside, vault7)).type, PaymentType::pay_in);
  EXPECT_EQ(mapped(transaction("b", 1, "COMPLETED", "ETH", "1", vault7, wallet)).type, PaymentType::payout);
  EXPECT_EQ(mapped(transaction("c", 1, "COMPLETED", "ETH", "1", vault7, vault9)).type, PaymentType::transfer);
  EXPECT_EQ(mapped(transaction("d", 1, "COMPLETED", "ETH", "1", Peer{"INTERNAL_WALLET", "i"}, vault7)).type,
            PaymentType::transfer);
  EXPECT_EQ(mapped(transaction("e", 1, "COMPLETED", "ETH", "1", Peer{"end_user_wallet", "u"}, vault7)).type,
            PaymentType::pay_in) << "peer types compare case-insensitively";
  EXPECT_EQ(mapped(transaction("f", 1, "COMPLETED", "ETH", "1", vault7, wallet, "INTERNAL_TRANSFER")).type,
            PaymentType::payout);
  for (const char* operation : {"MINT", "BURN", "STAKE", "CONTRACT_CALL", "RAW"}) {
    EXPECT_EQ(mapped(transaction("g", 1, "COMPLETED", "ETH", "0", vault7, wallet, operation)).type, PaymentType::other);
  }
}

TEST(FireblocksTransactions, OnlyVaultPeersAreReferenced) {
  const PspPayment deposit = mapped(transaction("a", 1700000000123, "CONFIRMING", "USDT_ERC20", "10.5", outside, vault7));
  EXPECT_EQ(deposit.source_account_reference, "");
  EXPECT_EQ(deposit.destination_account_reference, "7");
  EXPECT_EQ(deposit.reference, "a");
  EXPECT_EQ(deposit.created_at_us, 1700000000123000);
  EXPECT_EQ(deposit.status, PaymentStatus::pending);
  EXPECT_EQ(deposit.asset, "USDT/6");
  EXPECT_EQ(deposit.amount, Amount{10500000});
}

TEST(FireblocksTransactions, MultiDestinationPeersAreNestedUnderDestination) {
  const std::string two = R"([{"amount":"0.5","amountUSD":"1700.00","destination":{"type":"EXTERNAL_WALLET","id":"b6e1","name":"A","subType":""}},)"
                          R"({"amount":"1.5","amountUSD":"5100.00","destination":{"type":"ONE_TIME_ADDRESS","id":"c7","name":"B","subType":""}}])";
  const PspPayment payout = mapped(transaction("m", 1, "COMPLETED", "ETH", "2", vault7, Peer{"", ""}, "TRANSFER", two));
  EXPECT_EQ(payout.type, PaymentType::payout) << "both destinations are outside: a payout, not a transfer";
  EXPECT_EQ(payout.destination_account_reference, "");
  EXPECT_EQ(payout.metadata.at("com.fireblocks.spec/destination_ids"), "b6e1,c7");

  const std::string one = R"([{"amount":"2","destination":{"type":"VAULT_ACCOUNT","id":"9","name":"Ops","subType":""}}])";
  const PspPayment single = mapped(transaction("s", 1, "COMPLETED", "ETH", "2", vault7, wallet, "TRANSFER", one));
  EXPECT_EQ(single.type, PaymentType::transfer) << "one element: it is the destination";
  EXPECT_EQ(single.destination_account_reference, "9");
  EXPECT_FALSE(single.metadata.contains("com.fireblocks.spec/destination_ids"));
}

TEST(FireblocksTransactions, AmountsComeFromAmountInfoStringsOnly) {
  // The deprecated float fields (amount 1e-7, networkFee 0.000113…) are never read.
  const PspPayment big = mapped(transaction("big", 1, "COMPLETED", "ETH", "123456789012345678.123456789012345678", vault7, wallet));
  EXPECT_EQ(to_string(big.amount), "123456789012345678123456789012345678");
  const TransactionsRead read = read_transactions_page("[" + transaction("x", 1, "COMPLETED", "USDT_ERC20", "1.0000001", vault7, wallet) + "]");
  const MappedTransaction too_precise = map_transaction(read.rows.front(), catalogue());
  EXPECT_FALSE(too_precise.payment);
  EXPECT_NE(too_precise.error, "") << "digits beyond the precision are never dropped silently";
}

TEST(FireblocksTransactions, MetadataAndRaw) {
  const std::string body = transaction("t", 1, "COMPLETED", "USDT_ERC20", "1", vault7, wallet);
  const PspPayment payment = mapped(body);
  EXPECT_EQ(payment.metadata.at("com.fireblocks.spec/legacy_id"), "USDT_ERC20");
  EXPECT_EQ(payment.metadata.at("com.fireblocks.spec/tx_hash"), "0xhash");
  EXPECT_EQ(payment.metadata.at("com.fireblocks.spec/network_fee"), "0.00021");
  EXPECT_EQ(payment.metadata.at("com.fireblocks.spec/fee_currency"), "ETH");
  EXPECT_FALSE(payment.metadata.contains("com.fireblocks.spec/note")) << "absent when empty";
  EXPECT_EQ(payment.raw, body) << "verbatim: key order and the float text as sent";
}

TEST(FireblocksTransactions, UnknownAssetIsNamed) {
  const TransactionsRead read = read_transactions_page("[" + transaction("u", 1, "COMPLETED", "NEWCOIN", "1", vault7, wallet) + "]");
  const MappedTransaction result = map_transaction(read.rows.front(), catalogue());
  EXPECT_FALSE(result.payment);
  EXPECT_EQ(result.unknown_asset, "NEWCOIN");
}

TEST(FireblocksTransactions, ForeignBodiesAreNotPages) {
  for (const char* foreign : {"{}", R"({"message":"Unauthorized","code":-7})", "null", "7", R"([{"id":"x"}])",
                              R"([{"id":"x","createdAt":"soon","status":"COMPLETED","assetId":"ETH"}])", "[1]", "[",
                              R"({"accounts":[],"paging":{}})"}) {
    EXPECT_NE(read_transactions_page(foreign).error, "") << foreign;
  }
  EXPECT_EQ(read_transactions_page("[]").error, "");
  EXPECT_NE(read_transaction("[]").error, "");
}

}  // namespace
}  // namespace fireblocks::core
