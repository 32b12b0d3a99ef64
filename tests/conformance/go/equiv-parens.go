package main

func check(x bool) {}

func f(a, b, c bool) {
	// ruleid: conformance.go.equiv-parens
	check(a && b)
	// ruleid: conformance.go.equiv-parens
	check((a && b))
	// ruleid: conformance.go.equiv-parens
	check((a) && (b))
	// ok: conformance.go.equiv-parens
	check(a || b)
	// ok: conformance.go.equiv-parens
	check((a && b) || c)
}

func main() {}
