#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

int find(sqlite3 *db, const char *name) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM users WHERE name = '%s'", name);
    char *err = NULL;
    // ruleid: c.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, &err);
}

int remove_user(sqlite3 *db, const char *id) {
    char sql[128] = "DELETE FROM users WHERE id = ";
    strcat(sql, id);
    // ruleid: c.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int safe(sqlite3 *db, const char *name) {
    sqlite3_stmt *stmt = NULL;
    // ok: c.injection.sql-format
    sqlite3_prepare_v2(db, "SELECT * FROM users WHERE name = ?", -1, &stmt, NULL);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    // ok: c.injection.sql-format
    return sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
}

int by_id(sqlite3 *db, int id) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM users WHERE id = %d", id);
    // ok: c.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int fixed_tables(sqlite3 *db, unsigned long limit) {
    char sql[128];
    strcpy(sql, "DELETE FROM sessions");
    // ok: c.injection.sql-format
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sprintf(sql, "DELETE FROM events LIMIT %lu", limit);
    // ok: c.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int by_table(sqlite3 *db, const char *table, const char *fmt) {
    char sql[128];
    sprintf(sql, "DELETE FROM %s", table);
    // ruleid: c.injection.sql-format
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sprintf(sql, fmt, table);
    // ruleid: c.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}
