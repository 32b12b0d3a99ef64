package main

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
)

func hashes(data []byte) {
	// ruleid: conformance.go.either-hashes
	md5.New()
	// ruleid: conformance.go.either-hashes
	sha1.New()
	// ruleid: conformance.go.either-hashes
	md5.Sum(data)
	// ok: conformance.go.either-hashes
	sha256.New()
	// ok: conformance.go.either-hashes
	sha1.Sum(data)
}

func main() {}
