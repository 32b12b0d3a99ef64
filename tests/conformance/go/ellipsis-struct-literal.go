package main

import "crypto/tls"

func configs(flag bool) []*tls.Config {
	// ruleid: conformance.go.ellipsis-struct-literal
	a := &tls.Config{InsecureSkipVerify: true}
	// ruleid: conformance.go.ellipsis-struct-literal
	b := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true}
	// ok: conformance.go.ellipsis-struct-literal
	c := &tls.Config{InsecureSkipVerify: false}
	// ok: conformance.go.ellipsis-struct-literal
	d := &tls.Config{MinVersion: tls.VersionTLS12}
	// ok: conformance.go.ellipsis-struct-literal
	e := &tls.Config{InsecureSkipVerify: flag}
	return []*tls.Config{a, b, c, d, e}
}

func main() {}
