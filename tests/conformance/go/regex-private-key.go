package main

// ruleid: conformance.go.regex-private-key
const k1 = "-----BEGIN RSA PRIVATE KEY-----"

// ok: conformance.go.regex-private-key
const k2 = "-----BEGIN PUBLIC KEY-----"

// ruleid: conformance.go.regex-private-key
const k3 = "-----BEGIN PRIVATE KEY-----"

// ok: conformance.go.regex-private-key
const k4 = "-----BEGIN DSA PRIVATE KEY-----"

func main() {}
