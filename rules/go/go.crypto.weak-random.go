package main

import (
	// ok: go.crypto.weak-random
	"crypto/rand"
	"fmt"
	// ruleid: go.crypto.weak-random
	mrand "math/rand"
	// ok: go.crypto.weak-random
	"math/big"
)

func token() string {
	return fmt.Sprintf("%x", mrand.Int63())
}

func secure() (*big.Int, error) {
	return rand.Int(rand.Reader, big.NewInt(1000000))
}

func notAnImport() string {
	// ok: go.crypto.weak-random
	return "see package math/rand for details"
}
