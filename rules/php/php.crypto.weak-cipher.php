<?php

function enc($data, $key, $iv)
{
    // ruleid: php.crypto.weak-cipher
    $a = openssl_encrypt($data, 'des-ede3-cbc', $key, 0, $iv);
    // ruleid: php.crypto.weak-cipher
    $b = openssl_encrypt($data, "AES-128-ECB", $key);
    // ruleid: php.crypto.weak-cipher
    $c = mcrypt_encrypt(MCRYPT_RIJNDAEL_128, $key, $data, MCRYPT_MODE_CBC, $iv);
    // ok: php.crypto.weak-cipher
    $d = openssl_encrypt($data, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag);
    // ok: php.crypto.weak-cipher
    $e = sodium_crypto_secretbox($data, $iv, $key);
    return [$a, $b, $c, $d, $e];
}
