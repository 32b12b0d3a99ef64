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
