<?php

function render($template, $vars)
{
    // ruleid: php.injection.preg-replace-eval
    $a = preg_replace('/\{(\w+)\}/e', '$vars["$1"]', $template);
    // ruleid: php.injection.preg-replace-eval
    $b = preg_replace("#<(\w+)>#ie", "strtoupper('$1')", $template);
    // ok: php.injection.preg-replace-eval
    $c = preg_replace('/\s+/', ' ', $template);
    // ok: php.injection.preg-replace-eval
    $d = preg_replace('/name/i', 'Name', $template);
    // ok: php.injection.preg-replace-eval
    $e = preg_replace_callback('/\{(\w+)\}/', fn ($m) => $vars[$m[1]] ?? '', $template);
    return [$a, $b, $c, $d, $e];
}
