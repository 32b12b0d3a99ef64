package main

import "os/exec"

func run(cmd, flag string) {
	// ruleid: conformance.go.ellipsis-args-middle-literal
	exec.Command("sh", "-c", cmd)
	// ruleid: conformance.go.ellipsis-args-middle-literal
	exec.Command("-c")
	// ruleid: conformance.go.ellipsis-args-middle-literal
	exec.Command("bash", "-x", "-c", cmd)
	// ok: conformance.go.ellipsis-args-middle-literal
	exec.Command("sh", cmd)
	// ok: conformance.go.ellipsis-args-middle-literal
	exec.Command("sh", flag, cmd)
	// ok: conformance.go.ellipsis-args-middle-literal
	exec.Command("sh", "-cx", cmd)
}

func main() {}
