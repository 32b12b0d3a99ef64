#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USER_ARG data

static const int DEBUG = 0;

void direct(void) {
    char cmd[64] = "";
    strcat(cmd, getenv("X"));
    // ruleid: c.injection.format-string-taint
    printf(cmd);
}

void from_stdin(void) {
    char data[100] = "";
    if (fgets(data, sizeof data, stdin) == NULL) return;
    char cmd[64] = "";
    strcat(cmd, data);
    // ruleid: c.injection.format-string-taint
    printf(cmd);
}

void through_macro(void) {
    char data[100] = "";
    fgets(data, sizeof data, stdin);
    char cmd[64] = "";
    strcat(cmd, USER_ARG);
    // ruleid: c.injection.format-string-taint
    printf(cmd);
}

static char *source_helper(char *buf) {
    strcpy(buf, getenv("HOME"));
    return buf;
}

void through_helper(void) {
    char tmp[100];
    char *data = source_helper(tmp);
    char cmd[64] = "";
    strcat(cmd, data);
    // ruleid: c.injection.format-string-taint
    printf(cmd);
}

void sink_helper(char *arg) {
    char cmd[64] = "";
    strcat(cmd, arg);
    // ruleid: c.injection.format-string-taint
    printf(cmd);
}

void calls_sink_helper(void) {
    char buf[100];
    read(0, buf, 99);
    sink_helper(buf);
}

void constant(void) {
    char cmd[64] = "";
    strcat(cmd, "report.txt");
    // ok: c.injection.format-string-taint
    printf(cmd);
}

void dead_branch(void) {
    char data[100] = "fixed";
    if (DEBUG) {
        fgets(data, sizeof data, stdin);
    }
    char cmd[64] = "";
    strcat(cmd, data);
    // ok: c.injection.format-string-taint
    printf(cmd);
}

void overwritten(void) {
    char *data = getenv("X");
    data = "fixed";
    char cmd[64] = "";
    strcat(cmd, data);
    // ok: c.injection.format-string-taint
    printf(cmd);
}
