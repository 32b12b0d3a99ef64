<?php

// ruleid: php.config.cors-reflect-origin
header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
header('Access-Control-Allow-Credentials: true');
// ok: php.config.cors-reflect-origin
header('Access-Control-Allow-Origin: https://app.example.com');
$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
if (in_array($origin, ['https://app.example.com'], true)) {
    // ok: php.config.cors-reflect-origin
    header('Access-Control-Allow-Origin: ' . $origin);
}

function laravel($request, $response)
{
    // ruleid: php.config.cors-reflect-origin
    return $response->header('Access-Control-Allow-Origin', $request->header('Origin'));
}
