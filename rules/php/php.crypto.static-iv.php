<?php

function enc($data, $key)
{
    // ruleid: php.crypto.static-iv
    $a = openssl_encrypt($data, 'aes-256-cbc', $key, 0, '1234567890123456');
    // ruleid: php.crypto.static-iv
    $b = openssl_encrypt($data, 'aes-128-ctr', $key, OPENSSL_RAW_DATA, str_repeat("\0", 16));
    $iv = random_bytes(16);
    // ok: php.crypto.static-iv
    $c = openssl_encrypt($data, 'aes-256-cbc', $key, 0, $iv);
    // ok: php.crypto.static-iv
    $d = openssl_encrypt($data, 'aes-256-cbc', $key);
    return [$a, $b, $c, $d];
}
