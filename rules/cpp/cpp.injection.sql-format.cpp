#include <cstdio>
#include <cstring>
#include <sqlite3.h>

int find(sqlite3 *db, const char *name) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM users WHERE name = '%s'", name);
    char *err = nullptr;
    // ruleid: cpp.injection.sql-format
    return sqlite3_exec(db, sql, nullptr, nullptr, &err);
}

int remove_user(sqlite3 *db, const char *id) {
    char sql[128] = "DELETE FROM users WHERE id = ";
    strcat(sql, id);
    // ruleid: cpp.injection.sql-format
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

int safe(sqlite3 *db, const char *name) {
    sqlite3_stmt *stmt = nullptr;
    // ok: cpp.injection.sql-format
    sqlite3_prepare_v2(db, "SELECT * FROM users WHERE name = ?", -1, &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    // ok: cpp.injection.sql-format
    return sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
}

int by_id(sqlite3 *db, int id) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM users WHERE id = %d", id);
    // ok: cpp.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int fixed_tables(sqlite3 *db, unsigned long limit) {
    char sql[128];
    strcpy(sql, "DELETE FROM sessions");
    // ok: cpp.injection.sql-format
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sprintf(sql, "DELETE FROM events LIMIT %lu", limit);
    // ok: cpp.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int by_table(sqlite3 *db, const char *table, const char *fmt) {
    char sql[128];
    sprintf(sql, "DELETE FROM %s", table);
    // ruleid: cpp.injection.sql-format
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sprintf(sql, fmt, table);
    // ruleid: cpp.injection.sql-format
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}
