<?php

// ruleid: php.secrets.hardcoded-database-password
$pdo = new PDO('mysql:host=db;dbname=app', 'app', 's3cr3t!');
// ruleid: php.secrets.hardcoded-database-password
$conn = mysqli_connect('db', 'root', "hunter2", 'app');
// ok: php.secrets.hardcoded-database-password
$pdo2 = new PDO('mysql:host=db;dbname=app', 'app', getenv('DB_PASSWORD'));
// ok: php.secrets.hardcoded-database-password
$conn2 = new mysqli('localhost', 'root', '', 'test');
// ok: php.secrets.hardcoded-database-password
$conn3 = mysqli_connect($cfg['host'], $cfg['user'], $cfg['password']);
