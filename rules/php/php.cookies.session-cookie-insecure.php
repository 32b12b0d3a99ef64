<?php

// ruleid: php.cookies.session-cookie-insecure
ini_set('session.cookie_secure', '0');
// ruleid: php.cookies.session-cookie-insecure
session_set_cookie_params(['lifetime' => 0, 'httponly' => false]);
// ok: php.cookies.session-cookie-insecure
ini_set('session.cookie_secure', '1');
// ok: php.cookies.session-cookie-insecure
session_set_cookie_params(['secure' => true, 'httponly' => true, 'samesite' => 'Lax']);
// ok: php.cookies.session-cookie-insecure
ini_set('session.gc_maxlifetime', '0');
