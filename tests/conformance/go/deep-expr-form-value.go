package main

import (
	"database/sql"
	"net/http"
	"strings"
)

func h(db *sql.DB, r *http.Request, safe string) {
	// ruleid: conformance.go.deep-expr-form-value
	db.Exec(r.FormValue("q"))
	// ruleid: conformance.go.deep-expr-form-value
	db.Exec("DELETE FROM t WHERE id = " + r.FormValue("id"))
	// ruleid: conformance.go.deep-expr-form-value
	db.Exec(strings.TrimSpace(r.FormValue("n")))
	// ok: conformance.go.deep-expr-form-value
	db.Exec("DELETE FROM t WHERE id = " + safe)
	// ok: conformance.go.deep-expr-form-value
	db.Exec(r.URL.Path)
}

func main() {}
