<?php
function run($code) {
    // ruleid: conformance.php.deep-expr-superglobal
    eval($_REQUEST["code"]);
    // ruleid: conformance.php.deep-expr-superglobal
    eval("return " . trim($_REQUEST["expr"]) . ";");
    // ok: conformance.php.deep-expr-superglobal
    eval($code);
    // ok: conformance.php.deep-expr-superglobal
    eval($_SERVER["X"]);
    // ok: conformance.php.deep-expr-superglobal
    echo $_REQUEST["code"];
}
