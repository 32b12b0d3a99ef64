package main

import "os"

func quit(code int) {
	// ruleid: conformance.go.call-literal-args
	os.Exit(1)
	// ok: conformance.go.call-literal-args
	os.Exit(0)
	// ok: conformance.go.call-literal-args
	os.Exit(code)
	// ok: conformance.go.call-literal-args
	Exit(1)
}

func Exit(c int) {}

func main() {
	// ruleid: conformance.go.call-literal-args
	os.Exit(
		1)
}
