<?php
function cookies($v, $flag) {
    // ruleid: conformance.php.ellipsis-array-entry
    setcookie("sid", $v, ["httponly" => false]);
    // ruleid: conformance.php.ellipsis-array-entry
    setcookie("sid", $v, ["path" => "/", "httponly" => false, "secure" => true]);
    // ok: conformance.php.ellipsis-array-entry
    setcookie("sid", $v, ["httponly" => true]);
    // ok: conformance.php.ellipsis-array-entry
    setcookie("sid", $v, ["httponly" => $flag]);
    // ok: conformance.php.ellipsis-array-entry
    setcookie("sid", $v, ["secure" => false]);
}
