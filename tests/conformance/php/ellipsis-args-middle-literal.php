<?php
function cookies($v, $flag) {
    // ruleid: conformance.php.ellipsis-args-middle-literal
    setcookie("sid", $v, 0, "/", "", false);
    // ruleid: conformance.php.ellipsis-args-middle-literal
    setcookie(false);
    // ok: conformance.php.ellipsis-args-middle-literal
    setcookie("sid", $v, 0, "/", "", true);
    // ok: conformance.php.ellipsis-args-middle-literal
    setcookie("sid", $v, 0, "/", "", $flag);
    // ok: conformance.php.ellipsis-args-middle-literal
    setrawcookie("sid", false);
}
