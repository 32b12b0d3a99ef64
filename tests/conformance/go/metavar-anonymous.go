package main

func pair(xs ...int) {}

func f(a, b, c int) {
	// ruleid: conformance.go.metavar-anonymous
	pair(1, 2)
	// ruleid: conformance.go.metavar-anonymous
	pair(a, a)
	// ok: conformance.go.metavar-anonymous
	pair(a)
	// ok: conformance.go.metavar-anonymous
	pair(a, b, c)
}

func main() {}
