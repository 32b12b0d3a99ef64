package main

import "golang.org/x/crypto/bcrypt"

func hashes(pw string) {
	// ruleid: go.crypto.bcrypt-low-cost
	a, _ := bcrypt.GenerateFromPassword([]byte(pw), 4)
	// ruleid: go.crypto.bcrypt-low-cost
	b, _ := bcrypt.GenerateFromPassword([]byte(pw), 6)
	// ok: go.crypto.bcrypt-low-cost
	c, _ := bcrypt.GenerateFromPassword([]byte(pw), 12)
	// ok: go.crypto.bcrypt-low-cost
	d, _ := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	_, _, _, _ = a, b, c, d
}
