package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.xss.request-data-in-response
	fmt.Fprintf(w, "<h1>Hello %s</h1>", r.FormValue("name"))
	// ruleid: go.xss.request-data-in-response
	w.Write([]byte("<p>" + r.URL.Query().Get("q") + "</p>"))
	// ok: go.xss.request-data-in-response
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(r.FormValue("name")))
	// ok: go.xss.request-data-in-response
	io.WriteString(w, "<p>static</p>")
}
