package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
)

func bad(key, data []byte) []byte {
	block, _ := aes.NewCipher(key)
	iv := make([]byte, aes.BlockSize)
	// ruleid: go.crypto.static-iv
	mode := cipher.NewCBCEncrypter(block, iv)
	gcm, _ := cipher.NewGCM(block)
	// ruleid: go.crypto.static-iv
	out := gcm.Seal(nil, []byte("fixednonce12"), data, nil)
	mode.CryptBlocks(data, data)
	return out
}

func good(key, data []byte) ([]byte, error) {
	block, _ := aes.NewCipher(key)
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return nil, err
	}
	// ok: go.crypto.static-iv
	mode := cipher.NewCBCEncrypter(block, iv)
	mode.CryptBlocks(data, data)
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	// ok: go.crypto.static-iv
	return gcm.Seal(nonce, nonce, data, nil), nil
}
