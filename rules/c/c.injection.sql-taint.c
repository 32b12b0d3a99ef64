#include <mysql/mysql.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const int DEBUG = 0;

struct query {
    char where[256];
    char table[64];
};

void direct(sqlite3 *db) {
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, getenv("QUERY"), NULL, NULL, NULL);
}

void sprintf_built(sqlite3 *db) {
    char name[64];
    char q[256];
    fgets(name, sizeof name, stdin);
    sprintf(q, "SELECT * FROM users WHERE name = '%s'", name);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

void snprintf_built(MYSQL *conn) {
    char id[32];
    char q[256];
    scanf("%31s", id);
    snprintf(q, sizeof q, "DELETE FROM users WHERE id = %s", id);
    // ruleid: c.injection.sql-taint
    mysql_query(conn, q);
}

void strcat_built(PGconn *pg, int sock) {
    char buf[128];
    char q[512] = "SELECT * FROM items WHERE tag = '";
    recv(sock, buf, sizeof buf - 1, 0);
    strcat(q, buf);
    strcat(q, "'");
    // ruleid: c.injection.sql-taint
    PQexec(pg, q);
}

void through_pointer(sqlite3 *db) {
    char *filter = getenv("FILTER");
    const char *alias = filter;
    sqlite3_stmt *stmt;
    // ruleid: c.injection.sql-taint
    sqlite3_prepare_v2(db, alias, -1, &stmt, NULL);
}

void through_struct(sqlite3 *db) {
    struct query qy;
    char sql[512];
    strcpy(qy.table, "users");
    fgets(qy.where, sizeof qy.where, stdin);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s", qy.table, qy.where);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    // ok: c.injection.sql-taint
    sqlite3_exec(db, qy.table, NULL, NULL, NULL);
}

void through_array(sqlite3 *db) {
    char *parts[4];
    parts[0] = getenv("PART");
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, parts[0], NULL, NULL, NULL);
}

void parameterised(sqlite3 *db) {
    char name[64];
    sqlite3_stmt *stmt;
    fgets(name, sizeof name, stdin);
    sqlite3_prepare_v2(db, "SELECT * FROM users WHERE name = ?", -1, &stmt, NULL);
    // ok: c.injection.sql-taint
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
}

void integer(sqlite3 *db) {
    char q[128];
    int id = atoi(getenv("ID"));
    snprintf(q, sizeof q, "SELECT * FROM users WHERE id = %d", id);
    // ok: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

void dead_branch(sqlite3 *db) {
    char table[64] = "users";
    char q[128];
    if (0) {
        fgets(table, sizeof table, stdin);
    }
    snprintf(q, sizeof q, "SELECT * FROM %s", table);
    // ok: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

void dead_branch_const(sqlite3 *db) {
    char table[64] = "users";
    char q[128];
    if (DEBUG) {
        fgets(table, sizeof table, stdin);
    }
    snprintf(q, sizeof q, "SELECT * FROM %s", table);
    // ok: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

void overwritten(sqlite3 *db) {
    char *table = getenv("TABLE");
    char q[128];
    table = "users";
    snprintf(q, sizeof q, "SELECT * FROM %s", table);
    // ok: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

static const char *identity(const char *s) {
    return s;
}

void through_helper(sqlite3 *db) {
    const char *w = identity(getenv("WHERE"));
    char q[256];
    snprintf(q, sizeof q, "SELECT * FROM t WHERE %s", w);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

void run_query(sqlite3 *db, const char *sql) {
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, sql, NULL, NULL, NULL);
}

void calls_sink(sqlite3 *db) {
    char line[128];
    fgets(line, sizeof line, stdin);
    run_query(db, line);
}

void build(sqlite3 *db, const char *cols, int n) {
    char q[256];
    if (n == 0) {
        snprintf(q, sizeof q, "SELECT %s FROM t", cols);
        // ruleid: c.injection.sql-taint
        sqlite3_exec(db, q, NULL, NULL, NULL);
        return;
    }
    build(db, cols, n - 1);
}

void starts_recursion(sqlite3 *db) {
    build(db, getenv("COLS"), 3);
}


char global_query[256];

void through_struct_pointer(sqlite3 *db, struct query *p) {
    fgets(p->where, sizeof p->where, stdin);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, p->where, NULL, NULL, NULL);
}

static void fill_global(void) {
    fgets(global_query, sizeof global_query, stdin);
}

void through_global(sqlite3 *db) {
    fill_global();
    // todoruleid: c.injection.sql-taint
    sqlite3_exec(db, global_query, NULL, NULL, NULL);
}

void through_strdup(sqlite3 *db) {
    char *dup = strdup(getenv("QUERY"));
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, dup, NULL, NULL, NULL);
}

void through_getline(sqlite3 *db) {
    char *line = NULL;
    size_t n = 0;
    getline(&line, &n, stdin);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, line, NULL, NULL, NULL);
}

void alias_before_fill(sqlite3 *db) {
    char buf[128];
    char *p = buf;
    fgets(buf, sizeof buf, stdin);
    // todoruleid: c.injection.sql-taint
    sqlite3_exec(db, p, NULL, NULL, NULL);
}

void alias_after_fill(sqlite3 *db) {
    char buf[128];
    fgets(buf, sizeof buf, stdin);
    char *q = &buf[0];
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
}

int main(int argc, char *argv[]) {
    sqlite3 *db;
    char q[256];
    sqlite3_open("app.db", &db);
    snprintf(q, sizeof q, "DROP TABLE %s", argv[1]);
    // ruleid: c.injection.sql-taint
    sqlite3_exec(db, q, NULL, NULL, NULL);
    for (int i = 2; i < argc; i++) {
        // ruleid: c.injection.sql-taint
        sqlite3_exec(db, argv[i], NULL, NULL, NULL);
    }
    return 0;
}
