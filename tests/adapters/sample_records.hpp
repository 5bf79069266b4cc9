#pragma once
// Small records the store tests share.

#include <string>

#include "connector/record.hpp"

namespace harness::testing {

inline connector::PspPayment payment(std::string reference, connector::PaymentStatus status) {
  connector::PspPayment p;
  p.reference = std::move(reference);
  p.status = status;
  p.amount = connector::Amount{100};
  p.asset = "USD/2";
  return p;
}

}  // namespace harness::testing
