package main

import "os"

func many(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		// ruleid: conformance.go.pattern-inside-loop-defer
		defer f.Close()
	}
	for i := 0; i < 3; i++ {
		if i > 1 {
			// ruleid: conformance.go.pattern-inside-loop-defer
			defer println(i)
		}
	}
	// ok: conformance.go.pattern-inside-loop-defer
	defer println("done")
}

func one(f *os.File) {
	// ok: conformance.go.pattern-inside-loop-defer
	defer f.Close()
}

func main() {}
