package main

type lib struct{}

func (lib) UnsafePointer(x int) int { return x }
func (lib) MustParse(x int) int     { return x }
func (lib) Must(x int) int          { return x }
func (lib) Unsafely(x int) int      { return x }

func use(l lib) {
	// ruleid: conformance.go.metavar-regex-func
	l.UnsafePointer(1)
	// ruleid: conformance.go.metavar-regex-func
	l.MustParse(2)
	// ok: conformance.go.metavar-regex-func
	l.Must(3)
	// ok: conformance.go.metavar-regex-func
	l.Unsafely(4)
}

func main() {}
