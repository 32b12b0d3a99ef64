import ldap3


def find(conn, username):
    search_filter = f"(&(objectClass=person)(uid={username}))"
    # ruleid: python.injection.ldap-filter-string-building
    conn.search("ou=users,dc=example,dc=com", search_filter, attributes=ldap3.ALL_ATTRIBUTES)
    # ruleid: python.injection.ldap-filter-string-building
    conn.search("ou=users,dc=example,dc=com", "(cn=%s)" % username)


def legacy(l, username):
    # ruleid: python.injection.ldap-filter-string-building
    return l.search_s("dc=example,dc=com", 2, "(uid=" + username + ")")


def safe(conn, username):
    # ok: python.injection.ldap-filter-string-building
    conn.search("ou=users,dc=example,dc=com", "(objectClass=person)")
    fixed = "(uid=admin)"
    # ok: python.injection.ldap-filter-string-building
    conn.search("ou=users,dc=example,dc=com", fixed)
