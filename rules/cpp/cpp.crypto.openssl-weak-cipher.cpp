#include <openssl/evp.h>

bool encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *key, const unsigned char *iv) {
    // ruleid: cpp.crypto.openssl-weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_des_cbc(), nullptr, key, iv);
    // ruleid: cpp.crypto.openssl-weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key, nullptr);
    // ok: cpp.crypto.openssl-weak-cipher
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, iv) == 1;
}

const EVP_CIPHER *pick() {
    // ok: cpp.crypto.openssl-weak-cipher
    return EVP_chacha20_poly1305();
}
