<?php
function handle() {
    // ruleid: conformance.php.metavar-funcname
    system($_GET["cmd"]);
    // ruleid: conformance.php.metavar-funcname
    echo_it($_GET['name']);
    // ok: conformance.php.metavar-funcname
    system($_POST["cmd"]);
    // ok: conformance.php.metavar-funcname
    system($_GET["cmd"], $rc);
    // ok: conformance.php.metavar-funcname
    system("ls");
}
