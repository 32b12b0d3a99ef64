package main

type T struct{ ID, Code int }

func cmp(a, b int, t, u T) bool {
	// ruleid: conformance.go.metavar-repeat-eq
	if a == a {
		return true
	}
	// ruleid: conformance.go.metavar-repeat-eq
	same := t.ID == t.ID
	// ok: conformance.go.metavar-repeat-eq
	diff := t.ID == u.ID
	// ok: conformance.go.metavar-repeat-eq
	ne := a != a
	// ok: conformance.go.metavar-repeat-eq
	two := a == b
	return same || diff || ne || two
}

func main() {}
