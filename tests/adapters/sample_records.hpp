#pragma once
// Small records the store tests share.

#include <string>

#include "connector/record.hpp"

namespace bitstamp::adapters::testing {

inline core::PspPayment payment(std::string reference, core::PaymentStatus status) {
  core::PspPayment p;
  p.reference = std::move(reference);
  p.status = status;
  p.amount = core::Amount{100};
  p.asset = "USD/2";
  return p;
}

}  // namespace bitstamp::adapters::testing
