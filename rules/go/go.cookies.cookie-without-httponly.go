package main

import "net/http"

func login(w http.ResponseWriter, id string) {
	// ruleid: go.cookies.cookie-without-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true})
	// ruleid: go.cookies.cookie-without-httponly
	http.SetCookie(w, &http.Cookie{Name: "auth", Value: id, HttpOnly: false})
	// ok: go.cookies.cookie-without-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: true})
	// ok: go.cookies.cookie-without-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})
}
