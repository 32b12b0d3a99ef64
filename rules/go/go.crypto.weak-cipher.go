package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rc4"
)

func legacy(key []byte) {
	// ruleid: go.crypto.weak-cipher
	b, _ := des.NewTripleDESCipher(key)
	// ruleid: go.crypto.weak-cipher
	s, _ := rc4.NewCipher(key)
	_, _ = b, s
}

func modern(key []byte) (cipher.AEAD, error) {
	// ok: go.crypto.weak-cipher
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// ok: go.crypto.weak-cipher
	return cipher.NewGCM(block)
}
