#include <curl/curl.h>
#include <openssl/ssl.h>

void setup(CURL *curl, SSL *ssl) {
    // ruleid: cpp.tls.certificate-verification-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    // ruleid: cpp.tls.certificate-verification-disabled
    SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
}

void safe(CURL *curl, SSL *ssl) {
    // ok: cpp.tls.certificate-verification-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    // ok: cpp.tls.certificate-verification-disabled
    SSL_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
}
