import java.sql.*;
import javax.servlet.http.*;

class Controller {
    void find(HttpServletRequest request, Statement stmt) throws Exception {
        String id = request.getParameter("id");
        Repository repo = new Repository();
        repo.byName(stmt, id);
        // ruleid: java.injection.sql-taint
        stmt.executeQuery(Queries.select(id));
        // ok: java.injection.sql-taint
        stmt.executeQuery(Queries.fixed(id));
    }
}
