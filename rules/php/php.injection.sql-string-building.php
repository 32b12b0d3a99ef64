<?php

function find($conn, $pdo, $id, $email)
{
    // ruleid: php.injection.sql-string-building
    $a = mysqli_query($conn, "SELECT * FROM users WHERE id = " . $_GET['id']);
    // ruleid: php.injection.sql-string-building
    $b = $pdo->query("SELECT * FROM users WHERE email = '$email'");
    // ruleid: php.injection.sql-string-building
    $c = $pdo->exec(sprintf("DELETE FROM users WHERE id = %s", $id));
    // ruleid: php.injection.sql-string-building
    $d = DB::select("SELECT * FROM users WHERE id = {$id}");
    return [$a, $b, $c, $d];
}

function safe($conn, $pdo, $email)
{
    // ok: php.injection.sql-string-building
    $stmt = $pdo->prepare('SELECT * FROM users WHERE email = ?');
    $stmt->execute([$email]);
    // ok: php.injection.sql-string-building
    $all = $pdo->query("SELECT id, name FROM users");
    // ok: php.injection.sql-string-building
    $n = mysqli_query($conn, 'SELECT count(*) FROM users');
    // ok: php.injection.sql-string-building
    exec("ls " . $email);
    // ok: php.injection.sql-string-building
    $nodes = $xpath->query("//user[name='" . $email . "']");
    return [$stmt, $all, $n];
}
