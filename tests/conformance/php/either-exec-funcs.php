<?php
function run($cmd) {
    // ruleid: conformance.php.either-exec-funcs
    exec($cmd);
    // ruleid: conformance.php.either-exec-funcs
    shell_exec($cmd);
    // ruleid: conformance.php.either-exec-funcs
    passthru("ls");
    // ok: conformance.php.either-exec-funcs
    escapeshellarg($cmd);
    // ok: conformance.php.either-exec-funcs
    execute($cmd);
}
