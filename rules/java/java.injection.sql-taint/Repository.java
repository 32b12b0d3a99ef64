import java.sql.*;

class Repository {
    void byName(Statement stmt, String name) throws Exception {
        // ruleid: java.injection.sql-taint
        stmt.executeQuery("select * from users where name = '" + name + "'");
    }
}
