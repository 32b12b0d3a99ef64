class Repo {
    Statement stmt;

    void find(Connection conn, Cache cache, String name) throws Exception {
        Statement st = conn.createStatement();
        // ruleid: conformance.java.typed-metavar-receiver
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        // ok: conformance.java.typed-metavar-receiver
        st.executeQuery("SELECT 1");
        // ok: conformance.java.typed-metavar-receiver
        cache.executeQuery(name);
    }
}
