import javax.naming.directory.DirContext
import javax.naming.directory.SearchControls

fun find(ctx: DirContext, user: String, sc: SearchControls) {
    val filter = "(&(objectClass=person)(uid=$user))"
    // ruleid: kotlin.injection.ldap-filter-string-building
    ctx.search("ou=people,dc=example,dc=com", filter, sc)
    // ruleid: kotlin.injection.ldap-filter-string-building
    ctx.search("", "(cn=" + user + ")", sc)
    // ok: kotlin.injection.ldap-filter-string-building
    ctx.search("ou=people,dc=example,dc=com", "(uid={0})", arrayOf(user), sc)
    // ok: kotlin.injection.ldap-filter-string-building
    ctx.search("ou=people,dc=example,dc=com", "(objectClass=person)", sc)
}
