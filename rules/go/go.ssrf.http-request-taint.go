package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

const debug = false

type Hook struct {
	URL  string
	Name string
}

func direct(w http.ResponseWriter, r *http.Request) {
	u := r.URL.Query().Get("url")
	// ruleid: go.ssrf.http-request-taint
	http.Get(u)
}

func throughVariables(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	target := "http://" + host + "/health"
	// ruleid: go.ssrf.http-request-taint
	req, _ := http.NewRequestWithContext(context.Background(), "GET", target, nil)
	http.DefaultClient.Do(req)
}

func ginProxy(c *gin.Context) {
	svc := c.Query("svc")
	// ruleid: go.ssrf.http-request-taint
	http.Post(fmt.Sprintf("http://%s.internal/api", svc), "application/json", nil)
}

func throughField(r *http.Request) {
	h := Hook{Name: "default"}
	h.URL = r.Header.Get("X-Callback")
	client := &http.Client{}
	// ruleid: go.ssrf.http-request-taint
	client.Get(h.URL)
	// ok: go.ssrf.http-request-taint
	client.Get("https://hooks.example.com/" + url.PathEscape(h.Name))
}

func throughSlice(r *http.Request) {
	var targets []string
	targets = append(targets, r.PostFormValue("t"))
	// ruleid: go.ssrf.http-request-taint
	http.Head(strings.Join(targets, ""))
}

func escaped(r *http.Request) {
	q := url.QueryEscape(r.FormValue("q"))
	// ok: go.ssrf.http-request-taint
	http.Get("https://api.example.com/search?q=" + q)
}

func deadBranch(r *http.Request) {
	u := "https://api.example.com"
	if debug {
		u = r.FormValue("u")
	}
	// ok: go.ssrf.http-request-taint
	http.Get(u)
}

func overwritten(r *http.Request) {
	u := r.FormValue("u")
	u = "https://api.example.com"
	// ok: go.ssrf.http-request-taint
	http.Get(u)
}

func fetch(u string) {
	// ruleid: go.ssrf.http-request-taint
	http.NewRequest(http.MethodGet, u, nil)
}

func callsSink(r *http.Request) {
	u := r.Referer()
	fetch(u)
}

type fcgiClient struct{}

func (c *fcgiClient) Head(env map[string]string) {}

func clients(r *http.Request, proxy *http.Client) {
	target := r.FormValue("target")
	c := http.Client{}
	// ruleid: go.ssrf.http-request-taint
	c.Head(target)
	// ruleid: go.ssrf.http-request-taint
	proxy.PostForm(target, nil)
	fcgi := &fcgiClient{}
	env := map[string]string{"REQUEST_URI": target}
	// A FastCGI client's Head takes the request's environment, not a URL.
	// ok: go.ssrf.http-request-taint
	fcgi.Head(env)
}
