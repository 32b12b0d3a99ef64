package main

import "html/template"

func render(input string) []template.HTML {
	// ruleid: conformance.go.pattern-not-literal
	a := template.HTML(input)
	// ruleid: conformance.go.pattern-not-literal
	b := template.HTML("<b>" + input + "</b>")
	// ok: conformance.go.pattern-not-literal
	c := template.HTML("<b>static</b>")
	// ok: conformance.go.pattern-not-literal
	d := template.HTMLEscapeString(input)
	println(d)
	return []template.HTML{a, b, c}
}

func main() {}
