#include <openssl/evp.h>
#include <openssl/md5.h>
#include <string>

void digest(const std::string &password, unsigned char *out, EVP_MD_CTX *ctx) {
    // ruleid: cpp.crypto.openssl-weak-hash
    MD5(reinterpret_cast<const unsigned char *>(password.data()), password.size(), out);
    // ruleid: cpp.crypto.openssl-weak-hash
    EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
    // ok: cpp.crypto.openssl-weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha3_256(), nullptr);
    // ok: cpp.crypto.openssl-weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr);
}

void stream(MD5_CTX *c, const unsigned char *data, size_t n, unsigned char *out) {
    // ruleid: cpp.crypto.openssl-weak-hash
    MD5_Init(c);
    // ok: cpp.crypto.openssl-weak-hash
    MD5_Update(c, data, n);
    MD5_Final(out, c);
}

void mac(const unsigned char *key, int klen, const unsigned char *data, size_t n,
         unsigned char *out, unsigned int *outlen) {
    // ok: cpp.crypto.openssl-weak-hash
    HMAC(EVP_sha1(), key, klen, data, n, out, outlen);
}
