package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

var db *sql.DB
var gdb *gorm.DB

const debug = false

type Filter struct {
	Column string
	Limit  int
}

func direct() {
	// ok: go.injection.sql-taint
	db.Query("SELECT * FROM " + os.Getenv("TABLE"))
}

func sprintf(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	q := fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name)
	// ruleid: go.injection.sql-taint
	rows, _ := db.Query(q)
	defer rows.Close()
}

func queryRow(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	var email string
	// ruleid: go.injection.sql-taint
	db.QueryRowContext(r.Context(), "SELECT email FROM users WHERE id = "+id).Scan(&email)
}

func ginHandler(c *gin.Context) {
	order := c.DefaultQuery("order", "id")
	// ruleid: go.injection.sql-taint
	gdb.Raw("SELECT * FROM items ORDER BY " + order).Rows()
}

func throughField(r *http.Request) {
	f := Filter{Limit: 10}
	f.Column = r.Header.Get("X-Sort")
	// ruleid: go.injection.sql-taint
	db.Exec("UPDATE t SET seen = 1 ORDER BY " + f.Column)
	// ok: go.injection.sql-taint
	db.Exec(fmt.Sprintf("DELETE FROM t LIMIT %d", f.Limit))
}

func throughSlice(r *http.Request) {
	conds := []string{}
	for key := range r.URL.Query() {
		conds = append(conds, key+" = 1")
	}
	// ruleid: go.injection.sql-taint
	db.Query("SELECT * FROM t WHERE " + strings.Join(conds, " AND "))
}

func throughMap(r *http.Request) {
	m := make(map[string]string)
	m["where"] = r.PostFormValue("where")
	// ruleid: go.injection.sql-taint
	db.Prepare("SELECT * FROM t WHERE " + m["where"])
}

func throughBuilder(r *http.Request) {
	var sb strings.Builder
	v := r.FormValue("v")
	sb.WriteString("SELECT * FROM t WHERE v = '")
	sb.WriteString(v)
	sb.WriteString("'")
	// ruleid: go.injection.sql-taint
	db.Query(sb.String())
}

func parameterised(r *http.Request) {
	name := r.FormValue("name")
	// ok: go.injection.sql-taint
	db.Query("SELECT * FROM users WHERE name = $1", name)
}

func atoi(r *http.Request) {
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: go.injection.sql-taint
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %d", id))
}

func deadBranch(r *http.Request) {
	table := "users"
	if debug {
		table = r.FormValue("table")
	}
	// ok: go.injection.sql-taint
	db.Query("SELECT * FROM " + table)
}

func overwritten(r *http.Request) {
	table := r.FormValue("table")
	table = "users"
	// ok: go.injection.sql-taint
	db.Query("SELECT * FROM " + table)
}

func quoteIdent(s string) string {
	return "\"" + s + "\""
}

func throughHelper(r *http.Request) {
	t := quoteIdent(r.FormValue("table"))
	// ruleid: go.injection.sql-taint
	db.Query("SELECT * FROM " + t)
}

func runQuery(q string) {
	// ok: go.injection.sql-taint
	db.Exec(q)
}

func callsSink() {
	runQuery("DROP TABLE " + os.Args[1])
}

func build(cols string, n int) {
	if n == 0 {
		// ruleid: go.injection.sql-taint
		db.Query("SELECT " + cols + " FROM t")
		return
	}
	build(cols+", x", n-1)
}

func startsRecursion(r *http.Request) {
	cols := r.Header.Get("X-Cols")
	build(cols, 2)
}

type balancer struct{}

func (b *balancer) Select(pool []string, key string) string { return pool[0] + key }

func ambiguousNames(r *http.Request, lb *balancer, dbx *sqlx.DB) {
	q := "SELECT * FROM users WHERE name = '" + r.FormValue("name") + "'"
	var out []string
	// ruleid: go.injection.sql-taint
	dbx.Select(&out, q)
	// A load balancer's Select picks a backend by a key.
	// ok: go.injection.sql-taint
	lb.Select([]string{"a", "b"}, q)
	// ruleid: go.injection.sql-taint
	db.Get(&out, q)
}
