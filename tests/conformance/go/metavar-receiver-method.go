package main

type Store struct{}

func (s Store) Put(k, v string) {}
func (s Store) Get(k string) string { return "" }

func Put(k, v string) {}

func use(s Store, key string) {
	// ruleid: conformance.go.metavar-receiver-method
	s.Put("secret", key)
	// ruleid: conformance.go.metavar-receiver-method
	s.Get("secret")
	// ok: conformance.go.metavar-receiver-method
	s.Put(key, key)
	// ok: conformance.go.metavar-receiver-method
	Put("secret", key)
	// ok: conformance.go.metavar-receiver-method
	s.Get("Secret")
}

func main() {}
