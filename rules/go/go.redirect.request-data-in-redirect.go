package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func next(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.redirect.request-data-in-redirect
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
	// ruleid: go.redirect.request-data-in-redirect
	http.Redirect(w, r, r.FormValue("url"), http.StatusSeeOther)
	// ok: go.redirect.request-data-in-redirect
	http.Redirect(w, r, "/home", http.StatusFound)
}

func ginNext(c *gin.Context) {
	// ruleid: go.redirect.request-data-in-redirect
	c.Redirect(http.StatusFound, c.Query("next"))
	// ok: go.redirect.request-data-in-redirect
	c.Redirect(http.StatusFound, "/login")
}
