<?php

// ruleid: php.deserialization.unserialize
$prefs = unserialize(base64_decode($_COOKIE['prefs']));

function load($blob)
{
    // ruleid: php.deserialization.unserialize
    return unserialize($blob);
}

function safe($blob)
{
    // ok: php.deserialization.unserialize
    $a = unserialize($blob, ['allowed_classes' => false]);
    // ok: php.deserialization.unserialize
    $b = json_decode($blob, true);
    // ok: php.deserialization.unserialize
    $c = unserialize($blob, ['allowed_classes' => ['Money']]);
    return [$a, $b, $c];
}
