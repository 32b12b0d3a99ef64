<?php

function find($ds, $base, $user)
{
    // ruleid: php.injection.ldap-filter-building
    $a = ldap_search($ds, $base, "(uid=" . $user . ")");
    // ruleid: php.injection.ldap-filter-building
    $b = ldap_list($ds, $base, "(cn=$user)");
    // ok: php.injection.ldap-filter-building
    $c = ldap_search($ds, $base, '(uid=' . ldap_escape($user, '', LDAP_ESCAPE_FILTER) . ')');
    // ok: php.injection.ldap-filter-building
    $d = ldap_search($ds, $base, '(objectClass=person)');
    return [$a, $b, $c, $d];
}
