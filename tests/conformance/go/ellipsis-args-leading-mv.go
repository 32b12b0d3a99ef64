package main

import "fmt"

func show(msg string, n int) {
	// ruleid: conformance.go.ellipsis-args-leading-mv
	fmt.Printf(msg)
	// ruleid: conformance.go.ellipsis-args-leading-mv
	fmt.Printf("%s %d", msg, n)
	// ok: conformance.go.ellipsis-args-leading-mv
	fmt.Println(msg)
	// ok: conformance.go.ellipsis-args-leading-mv
	fmt.Sprintf("%s", msg)
}

func main() {}
