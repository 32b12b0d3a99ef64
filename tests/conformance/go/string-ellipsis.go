package main

import "database/sql"

func list(db *sql.DB, q, id string) {
	// ruleid: conformance.go.string-ellipsis
	db.Query("SELECT * FROM users")
	// ruleid: conformance.go.string-ellipsis
	db.Query(`SELECT 1`)
	// ok: conformance.go.string-ellipsis
	db.Query(q)
	// ok: conformance.go.string-ellipsis
	db.Query("SELECT * FROM t WHERE id = " + id)
	// ok: conformance.go.string-ellipsis
	db.Query("SELECT * FROM t WHERE id = ?", id)
}

func main() {}
