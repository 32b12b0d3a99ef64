package main

import "os"

func save(p string, d []byte, m os.FileMode) {
	// ruleid: conformance.go.metavar-comparison-perm
	os.WriteFile(p, d, 0777)
	// ruleid: conformance.go.metavar-comparison-perm
	os.WriteFile(p, d, 0o666)
	// ok: conformance.go.metavar-comparison-perm
	os.WriteFile(p, d, 0644)
	// ok: conformance.go.metavar-comparison-perm
	os.WriteFile(p, d, 0600)
	// ok: conformance.go.metavar-comparison-perm
	os.WriteFile(p, d, m)
}

func main() {}
