<?php

$body = file_get_contents('php://input');
$doc = new DOMDocument();
// ruleid: php.xxe.external-entities-enabled
$doc->loadXML($body, LIBXML_NOENT | LIBXML_DTDLOAD);
// ruleid: php.xxe.external-entities-enabled
$xml = simplexml_load_string($body, 'SimpleXMLElement', LIBXML_NOENT);
// ruleid: php.xxe.external-entities-enabled
libxml_disable_entity_loader(false);
// ok: php.xxe.external-entities-enabled
$doc->loadXML($body, LIBXML_NONET);
// ok: php.xxe.external-entities-enabled
$xml2 = simplexml_load_string($body);
// ok: php.xxe.external-entities-enabled
libxml_disable_entity_loader(true);
