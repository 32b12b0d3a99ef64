package main

import "sync"

func a(mu *sync.Mutex, n *int) {
	// ruleid: conformance.go.ellipsis-stmts-lock
	mu.Lock()
	*n++
	*n--
	mu.Unlock()
}

func b(mu *sync.Mutex) {
	mu.Unlock()
	// ok: conformance.go.ellipsis-stmts-lock
	mu.Lock()
}

func c(mu, other *sync.Mutex) {
	// ok: conformance.go.ellipsis-stmts-lock
	mu.Lock()
	other.Unlock()
}

func d(rw *sync.RWMutex) {
	// ruleid: conformance.go.ellipsis-stmts-lock
	rw.Lock()
	rw.Unlock()
}

func main() {}
