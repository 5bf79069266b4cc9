#pragma once
// Fireblocks' core speaks the shared kernel's words (amounts, records, requests, diagnostics)
// unqualified, as Bitstamp's does.

#include "connector/amount.hpp"
#include "connector/diagnostic.hpp"
#include "connector/limits.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"

namespace fireblocks::core {
using namespace ::connector;
using ::connector::to_string;
}  // namespace fireblocks::core
