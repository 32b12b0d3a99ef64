// Password-reset tokens for the demo shop (deliberately vulnerable).
package main

import (
	"fmt"
	"math/rand"
	"net/http"
	"os/exec"
)

// VULNERABLE (import above): math/rand is predictable, not fit for tokens.
func resetToken() string {
	return fmt.Sprintf("%016x", rand.Int63())
}

func whois(w http.ResponseWriter, r *http.Request) {
	domain := r.URL.Query().Get("domain")
	// VULNERABLE: user input inside `sh -c`
	out, _ := exec.Command("sh", "-c", "whois "+domain).Output()
	// safe: program and argument passed separately
	out2, _ := exec.Command("whois", domain).Output()
	w.Write(append(out, out2...))
}
