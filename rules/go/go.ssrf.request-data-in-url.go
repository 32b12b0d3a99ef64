package main

import (
	"net/http"
	"net/url"
)

func proxy(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.ssrf.request-data-in-url
	resp, _ := http.Get(r.URL.Query().Get("url"))
	// ruleid: go.ssrf.request-data-in-url
	req, _ := http.NewRequest("GET", "http://"+r.FormValue("host")+"/status", nil)
	// ok: go.ssrf.request-data-in-url
	fixed, _ := http.Get("https://api.example.com/status?q=" + url.QueryEscape(r.FormValue("q")))
	// ok: go.ssrf.request-data-in-url
	other, _ := http.Get("https://api.example.com/health")
	_, _, _, _ = resp, req, fixed, other
}
