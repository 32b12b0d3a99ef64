<?php

// ruleid: php.path-traversal.request-data-in-file
readfile('/srv/files/' . $_GET['name']);
// ruleid: php.path-traversal.request-data-in-file
include $_GET['page'] . '.php';
// ruleid: php.path-traversal.request-data-in-file
$data = file_get_contents($_POST['path']);
// ok: php.path-traversal.request-data-in-file
readfile('/srv/files/' . basename($_GET['name']));
// ok: php.path-traversal.request-data-in-file
include __DIR__ . '/header.php';
// ok: php.path-traversal.request-data-in-file
$cfg = file_get_contents('/etc/app/config.json');
