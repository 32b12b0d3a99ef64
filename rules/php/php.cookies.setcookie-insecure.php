<?php

// ruleid: php.cookies.setcookie-insecure
setcookie('session', $sid, time() + 3600, '/');
// ruleid: php.cookies.setcookie-insecure
setcookie('session', $sid, time() + 3600, '/', '', false, true);
// ruleid: php.cookies.setcookie-insecure
setcookie('session', $sid, ['expires' => 0, 'secure' => false, 'httponly' => true]);
// ok: php.cookies.setcookie-insecure
setcookie('session', $sid, time() + 3600, '/', '', true, true);
// ok: php.cookies.setcookie-insecure
setcookie('session', $sid, ['expires' => 0, 'path' => '/', 'secure' => true, 'httponly' => true]);
// ok: php.cookies.setcookie-insecure
setcookie('session', '', time() - 3600);
