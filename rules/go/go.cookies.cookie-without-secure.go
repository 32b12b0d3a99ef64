package main

import "net/http"

func login(w http.ResponseWriter, r *http.Request, id string) {
	// ruleid: go.cookies.cookie-without-secure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, HttpOnly: true})
	// ruleid: go.cookies.cookie-without-secure
	c := http.Cookie{Name: "pref", Value: "x", Secure: false}
	// ok: go.cookies.cookie-without-secure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: true})
	// ok: go.cookies.cookie-without-secure
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    id,
		HttpOnly: true,
		Secure:   true,
	})
	_ = c
}
