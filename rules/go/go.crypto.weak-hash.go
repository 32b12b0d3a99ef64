package main

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
)

func digest(password string, data []byte) string {
	// ruleid: go.crypto.weak-hash
	a := md5.Sum([]byte(password))
	// ruleid: go.crypto.weak-hash
	h := sha1.New()
	h.Write(data)
	// ok: go.crypto.weak-hash
	b := sha256.Sum256(data)
	// ok: go.crypto.weak-hash
	s := sha256.New()
	// ok: go.crypto.weak-hash
	n := md5.Size
	return fmt.Sprintf("%x %x %x %v %d", a, h.Sum(nil), b, s, n)
}
