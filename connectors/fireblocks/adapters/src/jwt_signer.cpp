#include "fireblocks/adapters/jwt_signer.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>

#include "fireblocks/core/engine.hpp"
#include "fireblocks/core/jwt.hpp"

namespace fireblocks::adapters {
namespace {

EVP_PKEY* as_key(const std::shared_ptr<void>& key) { return static_cast<EVP_PKEY*>(key.get()); }

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

void PrivateKey::Free::operator()(void* key) const { EVP_PKEY_free(static_cast<EVP_PKEY*>(key)); }

std::optional<PrivateKey> PrivateKey::load(std::string_view pem, std::string& error) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // A null passphrase callback that refuses: an encrypted key fails instead of prompting.
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr) : nullptr;
  if (key == nullptr) {
    error = "privateKey is not a readable unencrypted PEM private key";
    return std::nullopt;
  }
  PrivateKey out;
  out.key_ = std::shared_ptr<void>(key, Free{});
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    error = "privateKey is not an RSA key (Fireblocks signs with RS256)";
    return std::nullopt;
  }
  return out;
}

std::optional<PrivateKey> PrivateKey::generate(unsigned bits) {
  EVP_PKEY* key = EVP_RSA_gen(bits);
  if (key == nullptr) return std::nullopt;
  PrivateKey out;
  out.key_ = std::shared_ptr<void>(key, Free{});
  return out;
}

std::string PrivateKey::private_pem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), as_key(key_), nullptr, nullptr, 0, nullptr, nullptr) != 1) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string PrivateKey::sign(std::string_view input) const {
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, as_key(key_)) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return "";
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return "";
  }
  signature.resize(length);
  return signature;
}

std::string PrivateKey::public_pem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), as_key(key_)) != 1) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool verify_rs256(std::string_view public_pem, std::string_view input, std::string_view signature) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())));
  EVP_PKEY* raw_key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (raw_key == nullptr) return false;
  const std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(raw_key, EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  return context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::string random_uuid() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return "";
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0x0f];
  }
  return out;
}

std::vector<connector::Header> authorization_headers(const connector::Request& request, std::string_view api_key,
                                                     const PrivateKey& key, std::int64_t now_s, std::string_view nonce) {
  const std::string input = core::jwt_signing_input(core::jwt_claims(core::request_target(request), nonce, now_s, api_key));
  return {{"X-API-Key", std::string(api_key)}, {"Authorization", "Bearer " + core::jwt_token(input, key.sign(input))}};
}

}  // namespace fireblocks::adapters
