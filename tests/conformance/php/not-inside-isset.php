<?php
function read() {
    // ruleid: conformance.php.not-inside-isset
    $a = $_GET["a"];
    // ok: conformance.php.not-inside-isset
    if (isset($_GET["b"])) {
        $b = 1;
    }
    // ruleid: conformance.php.not-inside-isset
    echo $_GET["c"];
    // ok: conformance.php.not-inside-isset
    $d = $_POST["d"];
    return $a;
}
