//===--- sha256.h - SHA-256, for fingerprints that do not reveal the secret --------------===//
//
// .secretlsignore stores a hash of rule id and secret, so the ignore file can be committed
// without leaking what it ignores. A cryptographic hash (not a fast checksum) keeps
// high-entropy secrets unrecoverable from the file.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace secretls::detectors {

std::array<uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

} // namespace secretls::detectors
