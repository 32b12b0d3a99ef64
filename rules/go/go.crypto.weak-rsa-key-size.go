package main

import (
	"crypto/rand"
	"crypto/rsa"
)

func keys(bits int) {
	// ruleid: go.crypto.weak-rsa-key-size
	a, _ := rsa.GenerateKey(rand.Reader, 1024)
	// ruleid: go.crypto.weak-rsa-key-size
	b, _ := rsa.GenerateKey(rand.Reader, 512)
	// ok: go.crypto.weak-rsa-key-size
	c, _ := rsa.GenerateKey(rand.Reader, 2048)
	// ok: go.crypto.weak-rsa-key-size
	d, _ := rsa.GenerateKey(rand.Reader, 4096)
	_, _, _, _ = a, b, c, d
}
