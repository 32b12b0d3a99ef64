package main

import (
	ex "os/exec"
)

type fake struct{}

func (fake) Command(s string) {}

func run(name string, other fake) {
	// ruleid: conformance.go.import-alias
	ex.Command(name)
	// ruleid: conformance.go.import-alias
	ex.Command("ls", "-l")
	// ok: conformance.go.import-alias
	ex.LookPath(name)
	// ok: conformance.go.import-alias
	other.Command(name)
}

func main() {}
