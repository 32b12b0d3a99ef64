package main

import (
	"html/template"
	"net/http"
)

func page(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.injection.template-parse-request
	t, _ := template.New("page").Parse("<h1>" + r.FormValue("title") + "</h1>")
	// ruleid: go.injection.template-parse-request
	u, _ := template.New("q").Parse(r.URL.Query().Get("tpl"))
	// ok: go.injection.template-parse-request
	v := template.Must(template.New("page").Parse("<h1>{{.Title}}</h1>"))
	v.Execute(w, map[string]string{"Title": r.FormValue("title")})
	// ok: go.injection.template-parse-request
	url, _ := neturl.Parse(r.FormValue("next"))
	_, _, _ = t, u, url
}
