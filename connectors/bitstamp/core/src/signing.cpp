#include "bitstamp/core/signing.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

WireRequest to_wire(const Request& request) {
  WireRequest wire;
  wire.method = request.method;
  wire.path = request.path;
  std::string encoded = encode_form(request.params);
  if (request.method == Method::get) {
    wire.query = std::move(encoded);
  } else if (!encoded.empty()) {
    wire.body = std::move(encoded);
    wire.content_type = form_content_type;
  }
  return wire;
}

std::string string_to_sign(const WireRequest& wire, const SignatureInputs& inputs) {
  std::string message;
  message.reserve(64 + inputs.api_key.size() + wire.path.size() + wire.query.size() + wire.body.size());
  message += "BITSTAMP ";
  message += inputs.api_key;
  message += to_string(wire.method);
  message += inputs.host;
  message += wire.path;
  message += wire.query;
  message += wire.content_type;
  message += inputs.nonce;
  message += std::to_string(inputs.timestamp_ms);
  message += auth_version;
  message += wire.body;
  return message;
}

bool is_wellformed_nonce(std::string_view nonce) {
  if (nonce.size() != nonce_length) return false;
  for (std::size_t i = 0; i < nonce.size(); ++i) {
    const char c = nonce[i];
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace bitstamp::core
