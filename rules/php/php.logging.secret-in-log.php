<?php

function login($logger, $user, $password, $apiKey, $passwordLength) {
    // ruleid: php.logging.secret-in-log
    $logger->info("login $user with $password");
    // ruleid: php.logging.secret-in-log
    error_log("key=" . $apiKey);
    // ruleid: php.logging.secret-in-log
    Log::debug('token', ['t' => $user->accessToken]);
    // ok: php.logging.secret-in-log
    $logger->info("login $user");
    // ok: php.logging.secret-in-log
    $logger->info("password length $passwordLength");
}
