package main

import (
	"context"
	"database/sql"
	"fmt"
)

func find(ctx context.Context, db *sql.DB, name, id string) {
	// ruleid: go.injection.sql-string-building
	rows, _ := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
	// ruleid: go.injection.sql-string-building
	db.ExecContext(ctx, "DELETE FROM users WHERE id = "+id)
	q := fmt.Sprintf("UPDATE users SET active = false WHERE name = '%s'", name)
	// ruleid: go.injection.sql-string-building
	db.Exec(q)
	_ = rows
}

func safe(ctx context.Context, db *sql.DB, name string) {
	// ok: go.injection.sql-string-building
	db.QueryContext(ctx, "SELECT * FROM users WHERE name = $1", name)
	// ok: go.injection.sql-string-building
	db.Exec("UPDATE users SET active = false " + "WHERE active IS NULL")
	q := "SELECT count(*) FROM users"
	// ok: go.injection.sql-string-building
	db.QueryRow(q)
	// ok: go.injection.sql-string-building
	cache.Get(ctx, fmt.Sprintf("user:%s", name))
}
