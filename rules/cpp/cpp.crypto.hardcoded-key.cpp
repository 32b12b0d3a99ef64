#include <openssl/evp.h>
#include <openssl/hmac.h>

int seal(EVP_CIPHER_CTX *ctx, const unsigned char *iv, const unsigned char *key, const unsigned char *data, size_t n, unsigned char *mac) {
    // ruleid: cpp.crypto.hardcoded-key
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, (const unsigned char *)"0123456789abcdef0123456789abcdef", iv);
    unsigned int maclen = 0;
    // ruleid: cpp.crypto.hardcoded-key
    HMAC(EVP_sha256(), "hmac-secret", 11, data, n, mac, &maclen);
    // ok: cpp.crypto.hardcoded-key
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, iv);
    // ok: cpp.crypto.hardcoded-key
    HMAC(EVP_sha256(), key, 32, data, n, mac, &maclen);
    return (int)maclen;
}
