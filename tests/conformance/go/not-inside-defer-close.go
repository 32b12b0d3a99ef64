package main

import "os"

func leak(p string) *os.File {
	// ruleid: conformance.go.not-inside-defer-close
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	return f
}

func closed(p string) {
	// ok: conformance.go.not-inside-defer-close
	f, err := os.Open(p)
	if err != nil {
		return
	}
	defer f.Close()
}

func otherClosed(p string, g *os.File) {
	// ruleid: conformance.go.not-inside-defer-close
	f, err := os.Open(p)
	defer g.Close()
	_, _ = f, err
}

func create(p string) {
	// ok: conformance.go.not-inside-defer-close
	f, err := os.Create(p)
	_, _ = f, err
}

func main() {}
