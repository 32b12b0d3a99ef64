package main

import "crypto/tls"

func configs() []*tls.Config {
	// ruleid: go.tls.weak-min-version
	a := &tls.Config{MinVersion: tls.VersionTLS10}
	b := &tls.Config{}
	// ruleid: go.tls.weak-min-version
	b.MinVersion = tls.VersionSSL30
	// ok: go.tls.weak-min-version
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	// ok: go.tls.weak-min-version
	d := &tls.Config{MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS13}
	return []*tls.Config{a, b, c, d}
}
