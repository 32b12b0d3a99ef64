#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <string.h>

void digest(const char *password, unsigned char *out, EVP_MD_CTX *ctx) {
    // ruleid: c.crypto.openssl-weak-hash
    MD5((const unsigned char *)password, strlen(password), out);
    // ruleid: c.crypto.openssl-weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
    // ok: c.crypto.openssl-weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    // ok: c.crypto.openssl-weak-hash
    SHA256((const unsigned char *)password, strlen(password), out);
}

void stream(MD5_CTX *c, const unsigned char *data, size_t n, unsigned char *out) {
    // ruleid: c.crypto.openssl-weak-hash
    MD5_Init(c);
    // ok: c.crypto.openssl-weak-hash
    MD5_Update(c, data, n);
    MD5_Final(out, c);
}

void mac(const unsigned char *key, int klen, const unsigned char *data, size_t n,
         unsigned char *out, unsigned int *outlen) {
    // ok: c.crypto.openssl-weak-hash
    HMAC(EVP_sha1(), key, klen, data, n, out, outlen);
}
