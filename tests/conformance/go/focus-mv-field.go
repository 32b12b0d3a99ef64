package main

import "net/http"

func cookies() []*http.Cookie {
	// ruleid: conformance.go.focus-mv-field
	a := &http.Cookie{Name: "a", Secure: false}
	// ok: conformance.go.focus-mv-field
	b := &http.Cookie{
		Name: "b",
		// ruleid: conformance.go.focus-mv-field
		Secure: false,
	}
	// ok: conformance.go.focus-mv-field
	c := &http.Cookie{Name: "c", Secure: true}
	return []*http.Cookie{a, b, c}
}

func main() {}
