<?php

// ruleid: php.xss.echo-request-data
echo "Hello " . $_GET['name'];
// ruleid: php.xss.echo-request-data
print $_POST['comment'];
// ruleid: php.xss.echo-request-data
echo "<input value=\"{$_REQUEST['q']}\">";
// ok: php.xss.echo-request-data
echo 'Hello ' . htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8');
// ok: php.xss.echo-request-data
echo (int) $_GET['page'];
// ok: php.xss.echo-request-data
echo "Hello world";
