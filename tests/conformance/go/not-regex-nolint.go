package main

import "crypto/tls"

func cfgs() []*tls.Config {
	return []*tls.Config{
		// ruleid: conformance.go.not-regex-nolint
		{InsecureSkipVerify: true},
		// ok: conformance.go.not-regex-nolint
		{InsecureSkipVerify: true}, // nolint
		// ok: conformance.go.not-regex-nolint
		{InsecureSkipVerify: false},
		// ruleid: conformance.go.not-regex-nolint
		{MinVersion: 1, InsecureSkipVerify:  true},
	}
}

func main() {}
