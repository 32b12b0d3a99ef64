package main

func leak(password, user string, log func(string), send func(string, string)) {
	// ruleid: conformance.go.metavar-funcname
	log(password)
	// ruleid: conformance.go.metavar-funcname
	println(password)
	// ok: conformance.go.metavar-funcname
	log(user)
	// ok: conformance.go.metavar-funcname
	send(password, user)
	// ok: conformance.go.metavar-funcname
	log("password")
}

func main() {}
