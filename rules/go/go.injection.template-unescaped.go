package main

import "html/template"

func render(bio, link string) map[string]any {
	return map[string]any{
		// ruleid: go.injection.template-unescaped
		"Bio": template.HTML(bio),
		// ruleid: go.injection.template-unescaped
		"Link": template.URL("javascript:" + link),
		// ok: go.injection.template-unescaped
		"Logo": template.HTML("<b>Acme</b>"),
		// ok: go.injection.template-unescaped
		"Name": template.HTMLEscapeString(bio),
	}
}
