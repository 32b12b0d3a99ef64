package main

import (
	"net/http"
	"os"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

func read(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.path-traversal.request-data-in-file
	data, _ := os.ReadFile(filepath.Join("/srv/files", r.URL.Query().Get("name")))
	// ruleid: go.path-traversal.request-data-in-file
	os.Remove("/srv/files/" + r.FormValue("file"))
	// ruleid: go.path-traversal.request-data-in-file
	http.ServeFile(w, r, "/srv/files/"+r.URL.Query().Get("doc"))
	// ok: go.path-traversal.request-data-in-file
	safe, _ := os.ReadFile(filepath.Join("/srv/files", filepath.Base(r.URL.Query().Get("name"))))
	// ok: go.path-traversal.request-data-in-file
	cfg, _ := os.ReadFile("/etc/app/config.yaml")
	w.Write(append(append(data, safe...), cfg...))
}

func ginRead(c *gin.Context) {
	// ruleid: go.path-traversal.request-data-in-file
	f, _ := os.Open(filepath.Join("uploads", c.Param("name")))
	defer f.Close()
}
