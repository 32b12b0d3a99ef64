#include <cstdio>
#include <cstdlib>
#include <string>

void ping(const std::string &host) {
    std::string cmd = "ping -c 1 " + host;
    // ruleid: cpp.injection.command-non-literal
    std::system(cmd.c_str());
    // ruleid: cpp.injection.command-non-literal
    FILE *p = popen(cmd.c_str(), "r");
    pclose(p);
}

void safe() {
    // ok: cpp.injection.command-non-literal
    std::system("uptime");
    // ok: cpp.injection.command-non-literal
    FILE *p = popen("date", "r");
    pclose(p);
}

void restart(int pid, int delay, const char *service) {
    char cmd[64];
    const char *reload = "systemctl reload nginx";
    // ok: cpp.injection.command-non-literal
    system(reload);
    snprintf(cmd, sizeof cmd, "kill -HUP %d", pid);
    // ok: cpp.injection.command-non-literal
    system(cmd);
    sprintf(cmd, "sleep %u", delay);
    // ok: cpp.injection.command-non-literal
    system(cmd);
    snprintf(cmd, sizeof cmd, "atos %p -p %d", (void *)cmd, pid);
    // ok: cpp.injection.command-non-literal
    system(cmd);
}

void restart_service(const char *service) {
    char cmd[64];
    snprintf(cmd, sizeof cmd, "systemctl restart %s", service);
    // ruleid: cpp.injection.command-non-literal
    system(cmd);
}
