package main

import (
	"context"
	"net/http"
	"os/exec"
)

func lookup(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go.injection.exec-command-shell
	out, _ := exec.Command("sh", "-c", "nslookup "+host).Output()
	w.Write(out)
}

func runScript(ctx context.Context, script string) error {
	// ruleid: go.injection.exec-command-shell
	cmd := exec.CommandContext(ctx, "/bin/bash", "-c", script)
	return cmd.Run()
}

func safe(ctx context.Context, host string) {
	// ok: go.injection.exec-command-shell
	exec.Command("nslookup", host).Run()
	// ok: go.injection.exec-command-shell
	exec.Command("sh", "-c", "ls -l /tmp").Run()
	// ok: go.injection.exec-command-shell
	exec.CommandContext(ctx, "git", "-c", host).Run()
}
