<?php

function ping() {
    // ruleid: php.injection.exec-superglobal
    system("ping -c 1 " . $_GET['host']);
}

function archive() {
    // ruleid: php.injection.exec-superglobal
    $out = shell_exec("tar czf /tmp/backup.tgz " . $_POST['dir']);
    // ruleid: php.injection.exec-superglobal
    exec("convert {$_REQUEST['file']} out.png", $lines, $code);
    return $out;
}

function safe() {
    // ok: php.injection.exec-superglobal
    system("ping -c 1 " . escapeshellarg($_GET['host']));
    // ok: php.injection.exec-superglobal
    exec("uptime", $lines);
    // ok: php.injection.exec-superglobal
    echo htmlspecialchars($_GET['host']);
    // ok: php.injection.exec-superglobal
    $pdo->exec("DELETE FROM sessions");
}
