<?php
function setup($v) {
    // ruleid: conformance.php.call-literal-args
    ini_set("display_errors", "1");
    // ruleid: conformance.php.call-literal-args
    ini_set('display_errors', '1');
    // ok: conformance.php.call-literal-args
    ini_set("display_errors", "0");
    // ok: conformance.php.call-literal-args
    ini_set("log_errors", "1");
    // ok: conformance.php.call-literal-args
    ini_set("display_errors", $v);
}
