#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64 SHA-NI), which `csha256_blocks` needs.
int csha256_available(void);

/// SHA-256's 64 round constants, for both this file's compression function and Swift's.
const uint32_t *csha256_round_constants(void);

/// Runs SHA-256's compression function over `count` 64-byte blocks at `data`, updating `state`
/// (the eight words a, b, …, h); only where `csha256_available()` says so.
void csha256_blocks(uint32_t state[8], const uint8_t *data, size_t count);

#endif
