// SHA-256 as lowercase hex, by OpenSSL's EVP digest interface: the scenario's hash in the result files'
// provenance, and the run store's keys (sim/batch/run_store.hpp).
#pragma once

#include <string>

namespace btlinksim {

std::string sha256_hex(const std::string& data);

}  // namespace btlinksim
