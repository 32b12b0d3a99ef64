<?php
function h($pw) {
    // ruleid: conformance.php.metavar-regex-func
    $a = md5($pw);
    // ruleid: conformance.php.metavar-regex-func
    $b = sha1($pw);
    // ok: conformance.php.metavar-regex-func
    $c = hash("sha256", $pw);
    // ok: conformance.php.metavar-regex-func
    $d = md5_file($pw);
    // ok: conformance.php.metavar-regex-func
    $e = md5($pw, true);
    return [$a, $b, $c, $d, $e];
}
