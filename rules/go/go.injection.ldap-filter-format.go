package main

import (
	"fmt"

	"github.com/go-ldap/ldap/v3"
)

func search(base, username string) []*ldap.SearchRequest {
	// ruleid: go.injection.ldap-filter-format
	a := ldap.NewSearchRequest(base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(uid=%s)", username), []string{"dn"}, nil)
	// ruleid: go.injection.ldap-filter-format
	b := ldap.NewSearchRequest(base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(cn="+username+")", nil, nil)
	// ok: go.injection.ldap-filter-format
	c := ldap.NewSearchRequest(base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(uid=%s)", ldap.EscapeFilter(username)), []string{"dn"}, nil)
	// ok: go.injection.ldap-filter-format
	d := ldap.NewSearchRequest(base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(objectClass=person)", nil, nil)
	return []*ldap.SearchRequest{a, b, c, d}
}
