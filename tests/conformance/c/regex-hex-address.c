#include <stdint.h>

// ruleid: conformance.c.regex-hex-address
uint32_t marker = 0xDEADBEEF;
// ok: conformance.c.regex-hex-address
uint32_t other = 0xCAFEBABE;
// ruleid: conformance.c.regex-hex-address
uint32_t lower = 0xdeadbeef;
// ok: conformance.c.regex-hex-address
uint32_t shortv = 0xDEAD;
