package main

import "log"

func audit(user, token, other string) {
	// ruleid: conformance.go.seq-mv-args
	log.Printf("%s %s", user, token)
	// ruleid: conformance.go.seq-mv-args
	log.Printf(token)
	// ok: conformance.go.seq-mv-args
	log.Printf("%s %s", token, user)
	// ok: conformance.go.seq-mv-args
	log.Printf("%s", other)
	// ok: conformance.go.seq-mv-args
	log.Println(user, token)
}

func main() {}
