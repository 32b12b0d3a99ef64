package main

import "net/http"

func main() {
	// ruleid: conformance.go.comment-leading-line
	c := &http.Client{Timeout: 5}
	// ok: conformance.go.comment-leading-line
	d := http.Client{}
	_, _ = c, d
}
