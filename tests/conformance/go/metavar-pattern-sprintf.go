package main

import (
	"database/sql"
	"fmt"
)

func q(db *sql.DB, id string) {
	// ruleid: conformance.go.metavar-pattern-sprintf
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE id = %s", id))
	// ruleid: conformance.go.metavar-pattern-sprintf
	db.Query("SELECT * FROM t WHERE id = " + id)
	// ok: conformance.go.metavar-pattern-sprintf
	db.Query("SELECT * FROM t WHERE id = ?", id)
	// ok: conformance.go.metavar-pattern-sprintf
	db.Query(id)
}

func main() {}
