<?php

use Firebase\JWT\JWT;
use Firebase\JWT\Key;

// ruleid: php.secrets.hardcoded-jwt-key
$jwt = JWT::encode($payload, 'change-me', 'HS256');
// ruleid: php.secrets.hardcoded-jwt-key
$claims = JWT::decode($jwt, new Key('change-me', 'HS256'));
// ok: php.secrets.hardcoded-jwt-key
$jwt2 = JWT::encode($payload, getenv('JWT_SECRET'), 'HS256');
// ok: php.secrets.hardcoded-jwt-key
$claims2 = JWT::decode($jwt2, new Key($secret, 'HS256'));
