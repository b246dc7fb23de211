// BTL_ASAN: 1 in an AddressSanitizer build (gcc defines __SANITIZE_ADDRESS__, clang answers
// __has_feature(address_sanitizer)), else 0. The engine runs SimGrid on threads there, and the YAML probe bounds
// only time (ASan reserves terabytes of address space).
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define BTL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BTL_ASAN 1
#endif
#endif
#ifndef BTL_ASAN
#define BTL_ASAN 0
#endif
