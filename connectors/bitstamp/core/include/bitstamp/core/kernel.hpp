#pragma once
// Bitstamp's core is written against the shared kernel (core/, namespace connector): amounts,
// the record model, requests and responses, diagnostics, time, JSON. Its names are used here
// unqualified, and `bitstamp::core::Amount` still names the kernel's Amount for callers.

#include "connector/amount.hpp"
#include "connector/body_shape.hpp"
#include "connector/canonical_json.hpp"
#include "connector/diagnostic.hpp"
#include "connector/endpoint.hpp"
#include "connector/limits.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"
#include "connector/time.hpp"

namespace bitstamp::core {

using namespace ::connector;
// Bitstamp declares to_string overloads of its own; name the kernel's beside them so that
// `core::to_string(task)` keeps finding both sets.
using ::connector::to_string;

}  // namespace bitstamp::core
