<?php

function convert($file, $host)
{
    // ruleid: php.injection.command-string-building
    system("convert " . $file . " out.png");
    // ruleid: php.injection.command-string-building
    $out = shell_exec("ping -c 1 $host");
    // ruleid: php.injection.command-string-building
    exec(sprintf('tar czf %s.tgz data', $file), $lines);
    // ok: php.injection.command-string-building
    system('convert ' . escapeshellarg($file) . ' out.png');
    // ok: php.injection.command-string-building
    exec('uptime', $lines);
    // ok: php.injection.command-string-building
    passthru("ls -l /var/log");
    return $out;
}
