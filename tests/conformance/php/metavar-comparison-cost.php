<?php
function store($pw, $n) {
    // ruleid: conformance.php.metavar-comparison-cost
    $a = password_hash($pw, PASSWORD_BCRYPT, ["cost" => 4]);
    // ruleid: conformance.php.metavar-comparison-cost
    $b = password_hash($pw, PASSWORD_BCRYPT, ["cost" => 9]);
    // ok: conformance.php.metavar-comparison-cost
    $c = password_hash($pw, PASSWORD_BCRYPT, ["cost" => 12]);
    // ok: conformance.php.metavar-comparison-cost
    $d = password_hash($pw, PASSWORD_BCRYPT, ["cost" => $n]);
    return [$a, $b, $c, $d];
}
