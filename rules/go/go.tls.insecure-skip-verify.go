package main

import (
	"crypto/tls"
	"net/http"
)

func client() *http.Client {
	// ruleid: go.tls.insecure-skip-verify
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true}
	other := &tls.Config{}
	// ruleid: go.tls.insecure-skip-verify
	other.InsecureSkipVerify = true
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func safe() *tls.Config {
	// ok: go.tls.insecure-skip-verify
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	// ok: go.tls.insecure-skip-verify
	cfg.InsecureSkipVerify = false
	// ok: go.tls.insecure-skip-verify
	return &tls.Config{InsecureSkipVerify: false, ServerName: "api.example.com"}
}
