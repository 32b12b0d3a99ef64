<?php

function store($password, $data)
{
    // ruleid: php.crypto.weak-hash
    $a = md5($password);
    // ruleid: php.crypto.weak-hash
    $b = sha1($password . $salt);
    // ruleid: php.crypto.weak-hash
    $c = hash('md5', $data);
    // ok: php.crypto.weak-hash
    $d = password_hash($password, PASSWORD_DEFAULT);
    // ok: php.crypto.weak-hash
    $e = hash('sha256', $data);
    // ok: php.crypto.weak-hash
    $f = hash_hmac('sha512', $data, $key);
    return [$a, $b, $c, $d, $e, $f];
}
