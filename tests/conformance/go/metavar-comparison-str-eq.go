package main

import "os"

func env(k, v string) {
	// ruleid: conformance.go.metavar-comparison-str-eq
	os.Setenv("GODEBUG", v)
	// ruleid: conformance.go.metavar-comparison-str-eq
	os.Setenv("MODE", "debug")
	// ok: conformance.go.metavar-comparison-str-eq
	os.Setenv("MODE", "release")
	// ok: conformance.go.metavar-comparison-str-eq
	os.Setenv("godebug", v)
	// ok: conformance.go.metavar-comparison-str-eq
	os.Setenv(k, "debug")
}

func main() {}
