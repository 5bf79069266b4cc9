// Proves the crypto-transactions and withdrawal-requests rows read and map as the wire digest
// says: exact amounts from number tokens, references per list, every status in the tables and
// a defined outcome for the ones outside them, and damaged bodies refused whole.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/crypto_transactions.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "bitstamp/core/withdrawal_requests.hpp"

namespace bitstamp::core {
namespace {

AssetTable table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"BTC", 8, "crypto"}, {"EUR", 2, "fiat"}, {"XRP", 6, "crypto"}}, 1, ignored);
}

std::string meta(const PspPayment& payment, const std::string& key) {
  const std::optional<std::string_view> value = payment.metadata.find(std::string(metadata_prefix) + key);
  return value ? std::string(*value) : "<absent>";
}

// The digest's §4 example, verbatim.
constexpr const char* withdrawal_example =
    R"([{"address":"aMDHooGmAkyrsaQiKhAORhSNTmoRzxqWIO","amount":"0.00006000","currency":"BTC","datetime":"2022-01-31 16:07:32","id":1,"network":"bitcoin","status":2,"transaction_id":"NsOeFbQhRnpGzNIThWGBTkQwRJqTNOGPVhYavrVyMfkAyMUmIlUpFIwGTzSvpeOP","txid":1,"type":0}])";

TEST(WithdrawalRequests, TheDigestExampleBecomesASucceededSepaPayout) {
  const WithdrawalRequestsPage page = parse_withdrawal_requests(withdrawal_example);
  ASSERT_FALSE(page.error) << *page.error;
  ASSERT_EQ(page.rows.size(), 1u);
  std::vector<Diagnostic> diagnostics;
  const auto payment = map_withdrawal_request(page.rows[0], table(), diagnostics);
  ASSERT_TRUE(payment.has_value());
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ(payment->reference, "wr:1");
  EXPECT_EQ(payment->type, PaymentType::payout);
  EXPECT_EQ(payment->status, PaymentStatus::succeeded);
  EXPECT_EQ(payment->scheme, "SEPA_CREDIT");
  EXPECT_EQ(payment->amount.minor_units, 6000);
  EXPECT_EQ(payment->asset, "BTC/8");
  EXPECT_EQ(payment->source_account_reference, "BTC");
  EXPECT_EQ(payment->destination_account_reference, "");
  EXPECT_EQ(payment->created_at_us, 1643645252LL * 1000000);
  EXPECT_EQ(meta(*payment, "source"), "withdrawal_requests");
  EXPECT_EQ(meta(*payment, "withdrawal_type"), "0");
  EXPECT_EQ(meta(*payment, "withdrawal_status"), "2");
  EXPECT_EQ(meta(*payment, "network"), "bitcoin");
  EXPECT_EQ(meta(*payment, "destination_address"), "aMDHooGmAkyrsaQiKhAORhSNTmoRzxqWIO");
  EXPECT_EQ(meta(*payment, "txid"), "NsOeFbQhRnpGzNIThWGBTkQwRJqTNOGPVhYavrVyMfkAyMUmIlUpFIwGTzSvpeOP");
  EXPECT_EQ(meta(*payment, "bank_transaction_id"), "1");
  EXPECT_EQ(payment->raw, std::string(withdrawal_example).substr(1, std::string(withdrawal_example).size() - 2));
}

TEST(WithdrawalRequests, OnlyTypeZeroIsNamedAScheme) {
  const WithdrawalRequestsPage page = parse_withdrawal_requests(
      R"([{"id":9,"datetime":"2022-01-31 16:07:32","type":2,"currency":"EUR","amount":"10.00","status":0}])");
  std::vector<Diagnostic> diagnostics;
  const auto payment = map_withdrawal_request(page.rows.at(0), table(), diagnostics);
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->scheme, "OTHER");
  EXPECT_EQ(meta(*payment, "withdrawal_type"), "2");
  EXPECT_EQ(payment->status, PaymentStatus::pending);
}

TEST(WithdrawalRequests, EveryDocumentedStatusAndTheLegacyNamesMap) {
  struct Case {
    std::string wire;
    PaymentStatus status;
    bool terminal;
  };
  const std::vector<Case> cases = {
      {"0", PaymentStatus::pending, false},      {"1", PaymentStatus::pending, false},
      {"2", PaymentStatus::succeeded, true},     {"3", PaymentStatus::cancelled, true},
      {"4", PaymentStatus::failed, true},        {"11", PaymentStatus::failed, true},
      {"Open", PaymentStatus::pending, false},   {"In process", PaymentStatus::pending, false},
      {"Finished", PaymentStatus::succeeded, true}, {"Canceled", PaymentStatus::cancelled, true},
      {"Cancelled", PaymentStatus::cancelled, true}, {"Failed", PaymentStatus::failed, true}};
  for (const Case& c : cases) {
    const WithdrawalStatus status = withdrawal_status_of(c.wire);
    EXPECT_TRUE(status.known) << c.wire;
    EXPECT_EQ(status.status, c.status) << c.wire;
    EXPECT_EQ(status.terminal, c.terminal) << c.wire;
  }
}

TEST(WithdrawalRequests, UndocumentedStatusesAreUnknownTerminalAndSaidSo) {
  for (const std::string wire : {"8", "10", "", "weird"}) {
    const WithdrawalStatus status = withdrawal_status_of(wire);
    EXPECT_EQ(status, (WithdrawalStatus{PaymentStatus::unknown, true, false})) << wire;
  }
  const WithdrawalRequestsPage page = parse_withdrawal_requests(
      R"([{"id":3,"datetime":"2019-01-31 16:07:32","type":0,"currency":"EUR","amount":"1","status":8},)"
      R"({"id":4,"datetime":"2019-01-31 16:07:32","type":0,"currency":"EUR","amount":"1","status":11}])");
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(map_withdrawal_request(page.rows.at(0), table(), diagnostics)->status, PaymentStatus::unknown);
  EXPECT_EQ(map_withdrawal_request(page.rows.at(1), table(), diagnostics)->status, PaymentStatus::failed);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].code, "withdrawal_request.unknown_status");
  EXPECT_EQ(diagnostics[1].code, "withdrawal_request.reversed");
}

TEST(WithdrawalRequests, UnpricedOrUntimedRowsAreSkippedWithAReason) {
  const WithdrawalRequestsPage page = parse_withdrawal_requests(
      R"([{"id":5,"datetime":"2022-01-31 16:07:32","type":0,"currency":"DOGE","amount":"1","status":2},)"
      R"({"id":6,"datetime":"31/01/2022","type":0,"currency":"EUR","amount":"1","status":2},)"
      R"({"id":7,"datetime":"2022-01-31 16:07:32","type":0,"currency":"EUR","amount":"1.x","status":2}])");
  ASSERT_EQ(page.rows.size(), 3u);
  std::vector<Diagnostic> diagnostics;
  for (const WithdrawalRequest& row : page.rows) EXPECT_FALSE(map_withdrawal_request(row, table(), diagnostics));
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_EQ(diagnostics[0].code, "asset.unknown_ticker");
  EXPECT_EQ(diagnostics[1].code, "payment.unreadable_datetime");
  EXPECT_EQ(diagnostics[2].code, "amount.malformed");
}

TEST(WithdrawalRequests, APageWithARowWithoutIdIsRefusedWhole) {
  EXPECT_TRUE(parse_withdrawal_requests(R"([{"id":1},{"amount":"1"}])").error);
  EXPECT_TRUE(parse_withdrawal_requests(R"({"status":"error"})").error);
  EXPECT_TRUE(parse_withdrawal_requests(R"([{"id":1},)").error);
  EXPECT_FALSE(parse_withdrawal_requests("[]").error);
}

// The digest's §3 example, verbatim.
constexpr const char* crypto_example =
    R"({"ripple_iou_transactions":[{"currency":"BTC","network":"bitcoin","destinationAddress":"3FiKkjgZ6Sj4RWp3ZsCjYh5Pt7ZCBsL7uF","txid":"e4123d1d57df4106aaae5ec4d77eb6cd42e226d020a0a2c1c7919d14b932494b","amount":0.00012,"datetime":1642665114}],)"
    R"("deposits":[{"id":1,"network":"bitcoin","currency":"BTC","txid":"e4123d1d57df4106aaae5ec4d77eb6cd42e226d020a0a2c1c7919d14b932494b","amount":1.23,"datetime":1759995000,"status":"PENDING","pending_reason":"ADDRESS_VERIFICATION_NEEDED","destinationAddress":"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}],)"
    R"("withdrawals":[{"currency":"BTC","network":"bitcoin","destinationAddress":"3FiKkjgZ6Sj4RWp3ZsCjYh5Pt7ZCBsL7uF","txid":"e4123d1d57df4106aaae5ec4d77eb6cd42e226d020a0a2c1c7919d14b932494b","amount":0.00012,"datetime":1642665114}]})";

TEST(CryptoTransactions, TheDigestExampleMapsEachListItsOwnWay) {
  const CryptoTransactionsPage page = parse_crypto_transactions(crypto_example);
  ASSERT_FALSE(page.error) << *page.error;
  ASSERT_EQ(page.deposits.size(), 1u);
  ASSERT_EQ(page.withdrawals.size(), 1u);
  ASSERT_EQ(page.ripple_ious.size(), 1u);
  std::vector<Diagnostic> diagnostics;
  const auto deposit = map_crypto_transaction(page.deposits[0], table(), diagnostics);
  const auto withdrawal = map_crypto_transaction(page.withdrawals[0], table(), diagnostics);
  const auto iou = map_crypto_transaction(page.ripple_ious[0], table(), diagnostics);
  ASSERT_TRUE(deposit && withdrawal && iou);
  EXPECT_TRUE(diagnostics.empty());

  EXPECT_EQ(deposit->reference, "ct-dep:1");
  EXPECT_EQ(deposit->type, PaymentType::pay_in);
  EXPECT_EQ(deposit->status, PaymentStatus::pending);
  EXPECT_EQ(deposit->amount.minor_units, 123000000);  // 1.23 read from its token, not a double
  EXPECT_EQ(deposit->destination_account_reference, "BTC");
  EXPECT_EQ(deposit->created_at_us, 1759995000LL * 1000000);
  EXPECT_EQ(meta(*deposit, "pending_reason"), "ADDRESS_VERIFICATION_NEEDED");
  EXPECT_EQ(meta(*deposit, "destination_address"), "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
  EXPECT_EQ(meta(*deposit, "source"), "crypto_transactions");

  const std::string txid = "e4123d1d57df4106aaae5ec4d77eb6cd42e226d020a0a2c1c7919d14b932494b";
  EXPECT_EQ(withdrawal->reference, "ct-wd:" + txid);
  EXPECT_EQ(withdrawal->type, PaymentType::payout);
  EXPECT_EQ(withdrawal->status, PaymentStatus::succeeded);
  EXPECT_EQ(withdrawal->amount.minor_units, 12000);
  EXPECT_EQ(withdrawal->source_account_reference, "BTC");
  EXPECT_EQ(meta(*withdrawal, "txid"), txid);
  EXPECT_EQ(meta(*withdrawal, "network"), "bitcoin");

  EXPECT_EQ(iou->reference, "ct-iou:" + txid);
  EXPECT_EQ(iou->type, PaymentType::other);  // the wire does not say which way it went
  EXPECT_EQ(iou->source_account_reference, "");
  EXPECT_EQ(iou->destination_account_reference, "");
}

TEST(CryptoTransactions, DepositStatusesIncludingUnknownOnes) {
  EXPECT_EQ(deposit_status_of("PENDING"), (DepositStatus{PaymentStatus::pending, false, true}));
  EXPECT_EQ(deposit_status_of("IN_PROCESSING"), (DepositStatus{PaymentStatus::pending, false, true}));
  EXPECT_EQ(deposit_status_of("COMPLETED"), (DepositStatus{PaymentStatus::succeeded, true, true}));
  EXPECT_EQ(deposit_status_of("FINALIZED"), (DepositStatus{PaymentStatus::succeeded, true, true}));
  EXPECT_EQ(deposit_status_of("REJECTED"), (DepositStatus{PaymentStatus::failed, true, true}));
  EXPECT_EQ(deposit_status_of("REVERTED"), (DepositStatus{PaymentStatus::failed, true, true}));
  // Unknown: followed (not terminal) until it reaches a state we can read.
  EXPECT_EQ(deposit_status_of("CONFIRMING"), (DepositStatus{PaymentStatus::unknown, false, false}));
  const CryptoTransactionsPage page = parse_crypto_transactions(
      R"({"deposits":[{"id":2,"currency":"BTC","amount":"1","datetime":1759995000,"status":"CONFIRMING"}],)"
      R"("withdrawals":[],"ripple_iou_transactions":[]})");
  std::vector<Diagnostic> diagnostics;
  const auto deposit = map_crypto_transaction(page.deposits.at(0), table(), diagnostics);
  ASSERT_TRUE(deposit);
  EXPECT_EQ(deposit->status, PaymentStatus::unknown);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "crypto_deposit.unknown_status");
}

// A row is named only when a diagnostic is written (the hot path builds no name), and the name
// says which list and which row: by id, by txid, or by what an anonymous row carries.
TEST(CryptoTransactions, ADiagnosticNamesTheListAndTheRow) {
  const CryptoTransactionsPage page = parse_crypto_transactions(
      R"({"withdrawals":[{"currency":"DOGE","amount":1,"txid":"4f2a","datetime":1}],)"
      R"("deposits":[{"id":7,"currency":"DOGE","amount":1,"datetime":1}],)"
      R"("ripple_iou_transactions":[{"currency":"DOGE","amount":"2.5","datetime":9}]})");
  ASSERT_FALSE(page.error);
  std::vector<Diagnostic> diagnostics;
  for (const auto* list : {&page.withdrawals, &page.deposits, &page.ripple_ious}) {
    for (const CryptoTransaction& row : *list) EXPECT_FALSE(map_crypto_transaction(row, table(), diagnostics));
  }
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_EQ(diagnostics[0].detail.substr(0, 46), "crypto-transactions withdrawals txid 4f2a: cur");
  EXPECT_EQ(diagnostics[1].detail.substr(0, 39), "crypto-transactions deposits id 7: curr");
  EXPECT_EQ(diagnostics[2].code, "payment.no_identity");
  EXPECT_EQ(diagnostics[2].detail, "crypto-transactions ripple_iou_transactions of 2.5 DOGE at 9: no txid; skipped");

  const WithdrawalRequestsPage requests = parse_withdrawal_requests(
      R"([{"id":42,"datetime":"2022-01-31 16:07:32","type":0,"currency":"DOGE","amount":"1.0","status":2,"address":"a","txid":null,"transaction_id":""}])");
  ASSERT_FALSE(requests.error) << *requests.error;
  diagnostics.clear();
  EXPECT_FALSE(map_withdrawal_request(requests.rows.at(0), table(), diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].detail,
            "withdrawal-requests id 42: currency 'DOGE' is not in the currencies dataset, no precision guessed; skipped");
}

TEST(CryptoTransactions, RowsWithoutIdentityOrTimeAreSkippedWithAReason) {
  const CryptoTransactionsPage page = parse_crypto_transactions(
      R"({"withdrawals":[{"currency":"BTC","amount":1,"datetime":1},{"currency":"BTC","amount":1,"txid":"t","datetime":"soon"}],)"
      R"("deposits":[{"currency":"BTC","amount":1,"datetime":1},{"id":3,"currency":"BTC","amount":1,"datetime":99999999999999}],)"
      R"("ripple_iou_transactions":[]})");
  ASSERT_FALSE(page.error);
  std::vector<Diagnostic> diagnostics;
  for (const auto* list : {&page.withdrawals, &page.deposits}) {
    for (const CryptoTransaction& row : *list) EXPECT_FALSE(map_crypto_transaction(row, table(), diagnostics));
  }
  ASSERT_EQ(diagnostics.size(), 4u);
  EXPECT_EQ(diagnostics[0].code, "payment.no_identity");
  EXPECT_EQ(diagnostics[1].code, "payment.unreadable_datetime");
  EXPECT_EQ(diagnostics[2].code, "payment.no_identity");
  EXPECT_EQ(diagnostics[3].code, "payment.unreadable_datetime");
}

// The regression of a lost history: an object without the three lists (a v1 error with field
// errors, a status object, another endpoint's answer) was read as a complete, empty walk.
TEST(CryptoTransactions, ABodyWithoutAllThreeListsIsRefusedNotReadAsEmpty) {
  for (const char* body : {R"({"unexpected":1})", R"({"error":{"amount":["This field is required."]}})",
                           R"({"code":"API0000","status":"ok"})", R"({"withdrawal_id":1})", "{}",
                           R"({"deposits":[],"withdrawals":[]})"}) {
    const CryptoTransactionsPage page = parse_crypto_transactions(body);
    EXPECT_TRUE(page.error) << body;
  }
  const CryptoTransactionsPage empty =
      parse_crypto_transactions(R"({"deposits":[],"withdrawals":[],"ripple_iou_transactions":[],"extra":1})");
  EXPECT_FALSE(empty.error);
  EXPECT_TRUE(empty.deposits.empty() && empty.withdrawals.empty() && empty.ripple_ious.empty());
  EXPECT_TRUE(parse_crypto_transactions(R"({"deposits":[{"id":1}],"withdrawals":[],"ripple_iou_transactions":[]})").error);
}

TEST(CryptoTransactions, DamagedListsRefuseTheBody) {
  EXPECT_TRUE(parse_crypto_transactions(R"({"deposits":{}})").error);
  EXPECT_TRUE(parse_crypto_transactions(R"({"deposits":[1]})").error);
  EXPECT_TRUE(parse_crypto_transactions(R"([])").error);
  EXPECT_TRUE(parse_crypto_transactions(R"({"deposits":[{"id":1},)").error);
}

// Total: any body gives rows or a message, never a crash, and a refused body gives no rows.
RC_GTEST_PROP(SourceRowsProperty, AnyBodyParsesOrIsRefusedWhole, (const std::string& body)) {
  const CryptoTransactionsPage crypto = parse_crypto_transactions(body);
  if (crypto.error) RC_ASSERT(crypto.deposits.empty() && crypto.withdrawals.empty() && crypto.ripple_ious.empty());
  const WithdrawalRequestsPage withdrawals = parse_withdrawal_requests(body);
  if (withdrawals.error) RC_ASSERT(withdrawals.rows.empty());
  std::vector<Diagnostic> diagnostics;
  for (const WithdrawalRequest& row : withdrawals.rows) (void)map_withdrawal_request(row, table(), diagnostics);
}

// Any amount text in a well-formed row maps exactly or is skipped with a reason: never both,
// never neither.
RC_GTEST_PROP(SourceRowsProperty, AnyAmountMapsOrSaysWhy, ()) {
  const std::string amount = *rc::gen::oneOf(
      rc::gen::map(rc::gen::inRange<std::int64_t>(-(1LL << 60), 1LL << 60), [](std::int64_t n) { return std::to_string(n); }),
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("0123456789.-eE+x"))));
  const std::string body = R"({"deposits":[{"id":1,"currency":"XRP","datetime":5,"status":"COMPLETED","amount":")" +
                           amount + R"("}],"withdrawals":[],"ripple_iou_transactions":[]})";
  const CryptoTransactionsPage page = parse_crypto_transactions(body);
  RC_ASSERT(!page.error);
  std::vector<Diagnostic> diagnostics;
  const auto payment = map_crypto_transaction(page.deposits.at(0), table(), diagnostics);
  const bool malformed = std::any_of(diagnostics.begin(), diagnostics.end(),
                                     [](const Diagnostic& d) { return d.code == "amount.malformed"; });
  RC_ASSERT(payment.has_value() != malformed);
  if (payment) RC_ASSERT(!payment->amount.is_negative());
}

}  // namespace
}  // namespace bitstamp::core
