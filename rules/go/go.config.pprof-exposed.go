package main

import (
	"net/http"
	// ruleid: go.config.pprof-exposed
	_ "net/http/pprof"
	// ok: go.config.pprof-exposed
	_ "net/http/pprof/extra"
	// ok: go.config.pprof-exposed
	"runtime/pprof"
)

// ruleid: go.config.pprof-exposed
import _ "net/http/pprof"

func main() {
	// ok: go.config.pprof-exposed
	_ = "net/http/pprof"
	_ = pprof.Profiles()
	http.ListenAndServe(":8080", nil)
}
