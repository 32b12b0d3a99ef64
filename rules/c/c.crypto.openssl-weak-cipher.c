#include <openssl/evp.h>

int encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *key, const unsigned char *iv) {
    // ruleid: c.crypto.openssl-weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), NULL, key, iv);
    // ruleid: c.crypto.openssl-weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL);
    // ruleid: c.crypto.openssl-weak-cipher
    const EVP_CIPHER *c = EVP_rc4();
    (void)c;
    // ok: c.crypto.openssl-weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
    // ok: c.crypto.openssl-weak-cipher
    return EVP_EncryptInit_ex(ctx, EVP_chacha20_poly1305(), NULL, key, iv);
}
