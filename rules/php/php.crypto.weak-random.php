<?php

function token()
{
    // ruleid: php.crypto.weak-random
    $a = mt_rand();
    // ruleid: php.crypto.weak-random
    $b = uniqid();
    // ruleid: php.crypto.weak-random
    $c = substr(str_shuffle('abcdefghijklmnopqrstuvwxyz0123456789'), 0, 12);
    // ok: php.crypto.weak-random
    $d = bin2hex(random_bytes(32));
    // ok: php.crypto.weak-random
    $e = random_int(100000, 999999);
    return [$a, $b, $c, $d, $e];
}
