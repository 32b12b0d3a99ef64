<?php
function dbg($x) {
    // ruleid: conformance.php.regex-debug-call
    var_dump($x);
    // ruleid: conformance.php.regex-debug-call
    var_dump ($x, 1);
    // ok: conformance.php.regex-debug-call
    my_var_dump($x);
    // ok: conformance.php.regex-debug-call
    print_r($x);
}
