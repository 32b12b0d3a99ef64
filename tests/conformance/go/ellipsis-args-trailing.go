package main

import "net/http"

func serve(addr string, mux *http.ServeMux) {
	// ruleid: conformance.go.ellipsis-args-trailing
	http.ListenAndServe(":8080", nil)
	// ruleid: conformance.go.ellipsis-args-trailing
	http.ListenAndServe(addr, nil)
	// ok: conformance.go.ellipsis-args-trailing
	http.ListenAndServe(addr, mux)
	// ok: conformance.go.ellipsis-args-trailing
	http.ListenAndServeTLS(addr, "c", "k", nil)
}

func main() {}
