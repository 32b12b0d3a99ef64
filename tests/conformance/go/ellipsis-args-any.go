package main

import (
	"fmt"
	"os/exec"
)

func run(name string, args []string) {
	// ruleid: conformance.go.ellipsis-args-any
	exec.Command(name)
	// ruleid: conformance.go.ellipsis-args-any
	exec.Command(name, args...)
	// ruleid: conformance.go.ellipsis-args-any
	c := exec.Command("ls", "-l", "/tmp")
	// ok: conformance.go.ellipsis-args-any
	exec.LookPath(name)
	// ok: conformance.go.ellipsis-args-any
	fmt.Println(name)
	_ = c
}

func main() {}
