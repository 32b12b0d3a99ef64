package main

import "math/rand"

func pick(n int) int {
	// ruleid: conformance.go.either-nested-patterns
	a := rand.Int()
	// ruleid: conformance.go.either-nested-patterns
	b := rand.Intn(n)
	// ok: conformance.go.either-nested-patterns
	c := rand.Intn(2)
	// ok: conformance.go.either-nested-patterns
	d := rand.Int63()
	return a + b + c + int(d)
}

func main() {}
