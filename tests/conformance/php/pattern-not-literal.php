<?php
function load($page) {
    // ruleid: conformance.php.pattern-not-literal
    include($page);
    // ruleid: conformance.php.pattern-not-literal
    include($page . ".php");
    // ok: conformance.php.pattern-not-literal
    include("header.php");
    // ok: conformance.php.pattern-not-literal
    require($page);
}
