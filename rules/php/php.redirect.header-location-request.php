<?php

// ruleid: php.redirect.header-location-request
header('Location: ' . $_GET['next']);
// ruleid: php.redirect.header-location-request
header("Location: " . $_SERVER['HTTP_REFERER'], true, 302);
// ruleid: php.redirect.header-location-request
wp_redirect($_REQUEST['redirect_to']);
// ok: php.redirect.header-location-request
header('Location: /login');
// ok: php.redirect.header-location-request
header('Location: /search?q=' . urlencode($_GET['q']));
// ok: php.redirect.header-location-request
header('X-Request: ' . $requestId);
