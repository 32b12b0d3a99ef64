package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

const debug = false

type Job struct {
	Script string
	Name   string
}

func direct(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", "ping -c 1 "+r.URL.Query().Get("host")).Run()
}

func directEnv() {
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", "ping -c 1 "+os.Getenv("TARGET")).Run()
}

func throughVariables(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	cmd := fmt.Sprintf("nslookup %s", host)
	line := cmd
	// ruleid: go.injection.command-taint
	exec.Command("/bin/sh", "-c", line).Run()
}

func program(w http.ResponseWriter, r *http.Request) {
	tool := r.Header.Get("X-Tool")
	// ruleid: go.injection.command-taint
	exec.Command(tool, "--version").Run()
}

func ginHandler(c *gin.Context) {
	name := c.Query("name")
	// ruleid: go.injection.command-taint
	out, _ := exec.CommandContext(c, "bash", "-c", "grep "+name+" /var/log/app.log").Output()
	c.String(200, string(out))
}

func ginParam(c *gin.Context) {
	var b strings.Builder
	b.WriteString("tar czf /tmp/out.tgz ")
	b.WriteString(c.Param("dir"))
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", b.String()).Run()
}

func fromArgs() {
	// ok: go.injection.command-taint
	exec.Command(os.Args[1]).Run()
}

func throughField() {
	job := Job{Name: "backup"}
	job.Script = os.Getenv("BACKUP_SCRIPT")
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", job.Script).Run()
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", "run "+job.Name).Run()
}

func throughStructLiteral(r *http.Request) {
	job := &Job{Script: r.PostFormValue("script")}
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", job.Script).Run()
}

func throughSlice(r *http.Request) {
	parts := []string{"ls"}
	parts = append(parts, r.URL.Query().Get("dir"))
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", strings.Join(parts, " ")).Run()
}

func throughMap(r *http.Request) {
	opts := map[string]string{}
	opts["dir"] = r.FormValue("dir")
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", "ls "+opts["dir"]).Run()
}

func throughRange(r *http.Request) {
	for _, f := range r.Form["file"] {
		// ruleid: go.injection.command-taint
		exec.Command("sh", "-c", "rm "+f).Run()
	}
}

func argumentOnly(r *http.Request) {
	// ok: go.injection.command-taint
	exec.Command("ping", "-c", "1", r.FormValue("host")).Run()
}

func sanitized(r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("count"))
	if err != nil {
		return
	}
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", fmt.Sprintf("ping -c %d localhost", n)).Run()
}

func deadBranch(r *http.Request) {
	cmd := "uptime"
	if false {
		cmd = r.FormValue("cmd")
	}
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", cmd).Run()
}

func deadBranchConst(r *http.Request) {
	cmd := "uptime"
	if debug {
		cmd = r.FormValue("cmd")
	}
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", cmd).Run()
}

func overwritten(r *http.Request) {
	cmd := r.FormValue("cmd")
	cmd = "uptime"
	// ok: go.injection.command-taint
	exec.Command("sh", "-c", cmd).Run()
}

func identity(s string) string {
	return s
}

func throughHelper(r *http.Request) {
	c := identity(r.Header.Get("X-Cmd"))
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", c).Run()
}

func runShell(command string) error {
	// ruleid: go.injection.command-taint
	return exec.Command("sh", "-c", command).Run()
}

func callsSink(r *http.Request) {
	runShell("echo " + r.URL.Path)
}

func retry(command string, n int) error {
	if n == 0 {
		// ruleid: go.injection.command-taint
		return exec.Command("sh", "-c", command).Run()
	}
	return retry(command, n-1)
}

func startsRecursion(r *http.Request) {
	retry(r.URL.RawQuery, 3)
}

func (j *Job) Run() error {
	// todoruleid: go.injection.command-taint
	return exec.Command("sh", "-c", j.Script).Run()
}

func runsMethod(r *http.Request) {
	j := &Job{Script: r.FormValue("s")}
	j.Run()
}

func splitCmd(s string) (string, error) {
	return s, nil
}

func multipleReturns(r *http.Request) {
	v := r.FormValue("c")
	c, err := splitCmd(v)
	if err != nil {
		return
	}
	// ruleid: go.injection.command-taint
	exec.Command(c).Run()
}

func varThenAssign(r *http.Request) {
	var cmd string
	cmd = r.FormValue("c")
	// ruleid: go.injection.command-taint
	exec.Command(cmd).Run()
}

func plusAssign(r *http.Request) {
	v := r.FormValue("c")
	cmd := "ls "
	cmd += v
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", cmd).Run()
}

func sliceLiteral(r *http.Request) {
	v := r.FormValue("c")
	cmds := []string{v, "uptime"}
	// ruleid: go.injection.command-taint
	exec.Command(cmds[0]).Run()
}

func inSwitch(r *http.Request) {
	v := r.FormValue("c")
	switch v {
	case "":
		return
	default:
		// ruleid: go.injection.command-taint
		exec.Command(v).Run()
	}
}

func inGoroutine(r *http.Request) {
	v := r.FormValue("c")
	go func() {
		// todoruleid: go.injection.command-taint
		exec.Command(v).Run()
	}()
}

func funcLiteral(r *http.Request) {
	v := r.FormValue("c")
	run := func(x string) {
		// todoruleid: go.injection.command-taint
		exec.Command(x).Run()
	}
	run(v)
}

func readBody(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// ruleid: go.injection.command-taint
	exec.Command(string(body)).Run()
}

func queryValues(r *http.Request) {
	q := r.URL.Query()
	// ruleid: go.injection.command-taint
	exec.Command(q.Get("c")).Run()
}

func bytesBuffer(r *http.Request) {
	var buf bytes.Buffer
	v := r.FormValue("c")
	buf.WriteString("ls ")
	buf.WriteString(v)
	// ruleid: go.injection.command-taint
	exec.Command("sh", "-c", buf.String()).Run()
}
