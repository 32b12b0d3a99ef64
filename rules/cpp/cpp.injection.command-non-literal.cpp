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
