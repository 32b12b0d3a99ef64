<?php
session_start();

function login($request) {
    $user = $_GET['user'];
    // ruleid: php.trust-boundary.session-taint
    $_SESSION['user'] = $user;
    // ruleid: php.trust-boundary.session-taint
    $request->session()->put('role', $request->input('role'));
    // ok: php.trust-boundary.session-taint
    $_SESSION['count'] = intval($_GET['n']);
    // ok: php.trust-boundary.session-taint
    $_SESSION['theme'] = 'dark';
}
