<?php

$ch = curl_init($url);
// ruleid: php.tls.verification-disabled
curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
// ruleid: php.tls.verification-disabled
curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
// ruleid: php.tls.verification-disabled
$ctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
// ruleid: php.tls.verification-disabled
$client = new GuzzleHttp\Client(['base_uri' => $base, 'verify' => false]);
// ok: php.tls.verification-disabled
curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
// ok: php.tls.verification-disabled
curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
// ok: php.tls.verification-disabled
$ctx2 = stream_context_create(['ssl' => ['verify_peer' => true, 'cafile' => '/etc/ssl/ca.pem']]);
