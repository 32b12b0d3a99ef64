package main

import "net/http"

func handler(w http.ResponseWriter, r *http.Request, u *Upstream) {
	// ruleid: conformance.go.typed-metavar-pointer
	q := r.URL.RawQuery
	// ok: conformance.go.typed-metavar-pointer
	p := u.URL.RawQuery
	w.Write([]byte(q + p))
}
