#include <iostream>
#include <string>

struct Log { void write(const std::string &a, const std::string &b) {} };

void audit(Log &log, Log &other, const std::string &password, const std::string &user) {
    // ruleid: conformance.cpp.metavar-receiver-method
    log.write(user, password);
    // ruleid: conformance.cpp.metavar-receiver-method
    other.write(password, user);
    // ok: conformance.cpp.metavar-receiver-method
    log.write(user, user);
    // ok: conformance.cpp.metavar-receiver-method
    std::cout << password;
}
