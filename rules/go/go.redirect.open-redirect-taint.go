package main

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

const debug = false

type State struct {
	Back string
	Home string
}

func direct(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: go.redirect.open-redirect-taint
	http.Redirect(w, r, next, http.StatusFound)
}

func header(w http.ResponseWriter, r *http.Request) {
	host := r.Header.Get("X-Forwarded-Host")
	loc := "https://" + host + "/login"
	// ruleid: go.redirect.open-redirect-taint
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusFound)
}

func ginRedirect(c *gin.Context) {
	to := c.Query("to")
	// ruleid: go.redirect.open-redirect-taint
	c.Redirect(http.StatusFound, to)
}

func throughField(w http.ResponseWriter, r *http.Request) {
	st := State{Home: "/"}
	st.Back = r.FormValue("back")
	// ruleid: go.redirect.open-redirect-taint
	http.Redirect(w, r, st.Back, http.StatusSeeOther)
	// ok: go.redirect.open-redirect-taint
	http.Redirect(w, r, st.Home, http.StatusSeeOther)
}

func escaped(w http.ResponseWriter, r *http.Request) {
	q := url.QueryEscape(r.FormValue("q"))
	// ok: go.redirect.open-redirect-taint
	http.Redirect(w, r, "/search?q="+q, http.StatusFound)
}

func deadBranch(w http.ResponseWriter, r *http.Request) {
	u := "/"
	if debug {
		u = r.FormValue("next")
	}
	// ok: go.redirect.open-redirect-taint
	http.Redirect(w, r, u, http.StatusFound)
}

func overwritten(w http.ResponseWriter, r *http.Request) {
	u := r.FormValue("next")
	u = "/home"
	// ok: go.redirect.open-redirect-taint
	http.Redirect(w, r, u, http.StatusFound)
}

func bounce(w http.ResponseWriter, r *http.Request, where string) {
	// ruleid: go.redirect.open-redirect-taint
	http.Redirect(w, r, where, http.StatusFound)
}

func callsSink(w http.ResponseWriter, r *http.Request) {
	where := r.FormValue("where")
	bounce(w, r, where)
}
