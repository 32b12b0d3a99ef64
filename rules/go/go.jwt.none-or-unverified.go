package main

import "github.com/golang-jwt/jwt/v5"

func parse(raw string, key []byte) {
	claims := jwt.MapClaims{}
	// ruleid: go.jwt.none-or-unverified
	jwt.NewParser().ParseUnverified(raw, claims)
	// ruleid: go.jwt.none-or-unverified
	t := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
	// ruleid: go.jwt.none-or-unverified
	s, _ := t.SignedString(jwt.UnsafeAllowNoneSignatureType)
	// ok: go.jwt.none-or-unverified
	jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (interface{}, error) { return key, nil }, jwt.WithValidMethods([]string{"HS256"}))
	// ok: go.jwt.none-or-unverified
	u := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	_, _ = s, u
}
