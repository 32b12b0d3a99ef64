package main

import "log"

func login(user string, password string, apiKey string, passwordLength int) {
	// ruleid: go.logging.secret-in-log
	log.Printf("login %s with %s", user, password)
	// ruleid: go.logging.secret-in-log
	log.Println("key=" + apiKey)
	// ok: go.logging.secret-in-log
	log.Printf("login %s", user)
	// ok: go.logging.secret-in-log
	log.Printf("password length %d", passwordLength)
}
