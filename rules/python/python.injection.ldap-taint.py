import re
import ldap3
import ldap
from ldap.filter import escape_filter_chars
from flask import request

def search(conn):
    uid = request.args.get("uid")
    flt = "(uid=" + uid + ")"
    # ruleid: python.injection.ldap-taint
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)
    # ok: python.injection.ldap-taint
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(uid) + ")")
    # ok: python.injection.ldap-taint
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(objectClass=person)")

def search3(conn):
    name = request.form.get("name")
    # ruleid: python.injection.ldap-taint
    conn.search("dc=example,dc=com", f"(cn={name})")

def not_ldap(mail):
    url = request.args.get("next")
    # ok: python.injection.ldap-taint
    m = re.search(r"/reset/(.+?)/", url)
    pattern = re.compile(r"\d+")
    # ok: python.injection.ldap-taint
    pattern.search(url, 0)
    # ok: python.injection.ldap-taint
    re.search(r"https?://\S*", mail.body)
    return m

def ldap3_search(server):
    conn = ldap3.Connection(server)
    who = request.form["who"]
    # ruleid: python.injection.ldap-taint
    conn.search("dc=example,dc=com", "(uid=%s)" % who)

class Directory:
    def find(self):
        # ruleid: python.injection.ldap-taint
        self.ldap_conn.search("dc=example,dc=com", "(cn=" + request.args["cn"] + ")")
