#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void ping(const char *host) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
    // ruleid: c.injection.command-non-literal
    system(cmd);
    // ruleid: c.injection.command-non-literal
    FILE *p = popen(cmd, "r");
    pclose(p);
    // ruleid: c.injection.command-non-literal
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
}

void safe(const char *host) {
    // ok: c.injection.command-non-literal
    system("uptime");
    // ok: c.injection.command-non-literal
    FILE *p = popen("date", "r");
    pclose(p);
    // ok: c.injection.command-non-literal
    execlp("ping", "ping", "-c", "1", host, (char *)NULL);
}

void restart(int pid, int delay, const char *service) {
    char cmd[64];
    const char *reload = "systemctl reload nginx";
    // ok: c.injection.command-non-literal
    system(reload);
    snprintf(cmd, sizeof cmd, "kill -HUP %d", pid);
    // ok: c.injection.command-non-literal
    system(cmd);
    sprintf(cmd, "sleep %u", delay);
    // ok: c.injection.command-non-literal
    system(cmd);
    snprintf(cmd, sizeof cmd, "atos %p -p %d", (void *)cmd, pid);
    // ok: c.injection.command-non-literal
    system(cmd);
}

void restart_service(const char *service) {
    char cmd[64];
    snprintf(cmd, sizeof cmd, "systemctl restart %s", service);
    // ruleid: c.injection.command-non-literal
    system(cmd);
}
