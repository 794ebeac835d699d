// source.h — region source text (exact lines of a file) and hex sha256, as profiling and
// kernel binding both need them: one definition so the two can never disagree.
#ifndef POLYVIRT_SOURCE_H
#define POLYVIRT_SOURCE_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace pv {

// Hex sha256 of bytes, with PHP's own SHA-256 (ext/hash). Thread-safe.
std::string sha256_hex(const void *data, size_t length);

// Lines line_start..line_end (1-based, inclusive) of file, each with its '\n' (the last one
// only if the file has it). PHP thread only: file contents are cached until source_reset().
bool source_lines(const char *file, uint32_t line_start, uint32_t line_end, std::string *out);

// Forget cached file contents (every request end: files may change between requests).
void source_reset();

} // namespace pv

#endif
