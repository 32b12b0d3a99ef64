package main

import (
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

const base = "/srv/files"
const debug = false

type Upload struct {
	Dir  string
	Name string
}

func direct() {
	// ok: go.path-traversal.file-taint
	os.RemoveAll(os.Args[1])
}

func join(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	p := filepath.Join(base, name)
	// ruleid: go.path-traversal.file-taint
	data, _ := os.ReadFile(p)
	w.Write(data)
}

func serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	// ruleid: go.path-traversal.file-taint
	http.ServeFile(w, r, base+p)
}

func ginFile(c *gin.Context) {
	f := c.Param("file")
	// ruleid: go.path-traversal.file-taint
	c.File(fmt.Sprintf("%s/%s", base, f))
}

func throughField(r *http.Request) {
	u := Upload{Dir: base}
	u.Name = r.FormValue("name")
	// ruleid: go.path-traversal.file-taint
	os.WriteFile(u.Dir+"/"+u.Name, []byte("x"), 0o600)
	// ok: go.path-traversal.file-taint
	os.WriteFile(u.Dir+"/index.html", []byte("x"), 0o600)
}

func throughSlice(r *http.Request) {
	var victims []string
	victims = append(victims, r.Form["path"]...)
	for _, v := range victims {
		// ruleid: go.path-traversal.file-taint
		os.Remove(v)
	}
}

func throughMap() {
	cfg := map[string]string{"dir": os.Getenv("DATA_DIR")}
	// ok: go.path-traversal.file-taint
	ioutil.ReadFile(cfg["dir"] + "/state.json")
}

func baseName(r *http.Request) {
	name := filepath.Base(r.FormValue("name"))
	// ok: go.path-traversal.file-taint
	os.Open(filepath.Join(base, name))
}

func deadBranch(r *http.Request) {
	name := "index.html"
	if debug {
		name = r.FormValue("name")
	}
	// ok: go.path-traversal.file-taint
	os.Open(base + "/" + name)
}

func overwritten(r *http.Request) {
	name := r.FormValue("name")
	name = "index.html"
	// ok: go.path-traversal.file-taint
	os.Open(base + "/" + name)
}

func under(dir, file string) string {
	return dir + "/" + file
}

func throughHelper(r *http.Request) {
	p := under(base, r.Header.Get("X-File"))
	// ruleid: go.path-traversal.file-taint
	os.Create(p)
}

func load(p string) []byte {
	// ruleid: go.path-traversal.file-taint
	f, _ := os.Open(p)
	defer f.Close()
	return nil
}

func callsSink(r *http.Request) {
	name := r.FormValue("n")
	load(base + "/" + name)
}

func descend(dir string, depth int) {
	if depth == 0 {
		// ok: go.path-traversal.file-taint
		os.MkdirAll(dir, 0o755)
		return
	}
	descend(dir+"/sub", depth-1)
}

func startsRecursion() {
	descend(os.Getenv("ROOT"), 3)
}

func fromUpstream(w http.ResponseWriter, req *http.Request, client *http.Client) {
	resp, err := client.Get("https://index.example.com/latest")
	if err != nil {
		return
	}
	name, _ := ioutil.ReadAll(resp.Body)
	// A response from a server the program chose to call is not the request's data.
	// ok: go.path-traversal.file-taint
	os.Open(filepath.Join(base, string(name)))
	body, _ := ioutil.ReadAll(req.Body)
	// ruleid: go.path-traversal.file-taint
	os.Open(string(body))
}
