package main

import (
	"os"

	"github.com/golang-jwt/jwt/v5"
)

func issue(claims jwt.MapClaims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ruleid: go.secrets.hardcoded-jwt-key
	return token.SignedString([]byte("my-super-secret"))
}

func parse(raw string) (*jwt.Token, error) {
	// ruleid: go.secrets.hardcoded-jwt-key
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return []byte("my-super-secret"), nil })
}

func goodParse(raw string, key []byte) (*jwt.Token, error) {
	// ok: go.secrets.hardcoded-jwt-key
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return key, nil })
}

func good(claims jwt.MapClaims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ok: go.secrets.hardcoded-jwt-key
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}
