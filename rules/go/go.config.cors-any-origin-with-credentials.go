package main

import (
	"net/http"

	"github.com/gin-contrib/cors"
)

func setup() {
	// ruleid: go.config.cors-any-origin-with-credentials
	a := cors.Config{AllowAllOrigins: true, AllowCredentials: true}
	// ok: go.config.cors-any-origin-with-credentials
	b := cors.Config{AllowOrigins: []string{"https://app.example.com"}, AllowCredentials: true}
	// ok: go.config.cors-any-origin-with-credentials
	c := cors.Config{AllowAllOrigins: true}
	_, _, _ = a, b, c
}

func handler(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.config.cors-any-origin-with-credentials
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
	// ok: go.config.cors-any-origin-with-credentials
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
}
