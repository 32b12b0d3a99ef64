<?php
function cmp($a, $b, $obj, $other) {
    // ruleid: conformance.php.metavar-repeat-eq
    $s1 = $a == $a;
    // ruleid: conformance.php.metavar-repeat-eq
    $s2 = $obj->id == $obj->id;
    // ok: conformance.php.metavar-repeat-eq
    $d1 = $obj->id == $other->id;
    // ok: conformance.php.metavar-repeat-eq
    $d2 = $a == $b;
    // ok: conformance.php.metavar-repeat-eq
    $d3 = $a === $a;
    return [$s1, $s2, $d1, $d2, $d3];
}
