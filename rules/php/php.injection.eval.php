<?php

function calc() {
    // ruleid: php.injection.eval
    eval('$result = ' . $_GET['expr'] . ';');
    return $result;
}

function template($code) {
    // ruleid: php.injection.eval
    eval($code);
    // ruleid: php.injection.eval
    $f = create_function('$x', 'return ' . $code . ';');
    // ruleid: php.injection.eval
    assert($_POST['check']);
    // ruleid: php.injection.eval
    assert('$x > ' . $code);
}

function safe($a, $b) {
    // ok: php.injection.eval
    eval('return 1 + 1;');
    // ok: php.injection.eval
    assert($a === $b);
    // ok: php.injection.eval
    assert(is_string($a));
    // ok: php.injection.eval
    assert($ready);
    // ok: php.injection.eval
    $data = json_decode($_GET['expr'], true);
    return $data;
}
