<?php

function find(DOMXPath $xpath, SimpleXMLElement $xml, $name)
{
    // ruleid: php.injection.xpath-string-building
    $a = $xpath->query("//user[name='" . $name . "']");
    // ruleid: php.injection.xpath-string-building
    $b = $xml->xpath("//user[@id='$name']");
    // ok: php.injection.xpath-string-building
    $c = $xpath->query('//user[@active="true"]');
    // ok: php.injection.xpath-string-building
    $d = $pdo->query('SELECT 1');
    return [$a, $b, $c, $d];
}
