<?php

// ruleid: php.ssrf.request-data-in-url
$ch = curl_init($_GET['url']);
// ruleid: php.ssrf.request-data-in-url
curl_setopt($ch, CURLOPT_URL, 'http://' . $_POST['host'] . '/status');
// ruleid: php.ssrf.request-data-in-url
$resp = $client->request('GET', $_REQUEST['callback']);
// ok: php.ssrf.request-data-in-url
curl_setopt($ch, CURLOPT_URL, 'https://api.example.com/search?q=' . urlencode($_GET['q']));
// ok: php.ssrf.request-data-in-url
$fixed = curl_init('https://api.example.com/health');
