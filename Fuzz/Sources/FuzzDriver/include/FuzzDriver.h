#ifndef VRC_FUZZ_DRIVER_H
#define VRC_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp), linked in by `-sanitize=fuzzer`: parses libFuzzer's
/// command line and fuzzes `callback`. The fuzz targets call it from their entry point, because SwiftPM on
/// Linux renames an executable's `main` to `<module>_main` and libFuzzer's own `main` is then never linked.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
