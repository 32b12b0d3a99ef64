package main

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("k"))

func login(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "s")
	user := r.FormValue("user")
	// ruleid: go.trust-boundary.session-taint
	session.Values["user"] = user
	// ruleid: go.trust-boundary.session-taint
	session.Values["role"] = r.Header.Get("X-Role")
	n, _ := strconv.Atoi(r.FormValue("n"))
	// ok: go.trust-boundary.session-taint
	session.Values["count"] = n
	// ok: go.trust-boundary.session-taint
	session.Values["theme"] = "dark"
	session.Save(r, w)
}
