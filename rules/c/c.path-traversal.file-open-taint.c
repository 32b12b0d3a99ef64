#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USER_ARG data

static const int DEBUG = 0;

void direct(void) {
    char cmd[64] = "/srv/";
    strcat(cmd, getenv("X"));
    // ruleid: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void from_stdin(void) {
    char data[100] = "";
    if (fgets(data, sizeof data, stdin) == NULL) return;
    char cmd[64] = "/srv/";
    strcat(cmd, data);
    // ruleid: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void through_macro(void) {
    char data[100] = "";
    fgets(data, sizeof data, stdin);
    char cmd[64] = "/srv/";
    strcat(cmd, USER_ARG);
    // ruleid: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

static char *source_helper(char *buf) {
    strcpy(buf, getenv("HOME"));
    return buf;
}

void through_helper(void) {
    char tmp[100];
    char *data = source_helper(tmp);
    char cmd[64] = "/srv/";
    strcat(cmd, data);
    // ruleid: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void sink_helper(char *arg) {
    char cmd[64] = "/srv/";
    strcat(cmd, arg);
    // ruleid: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void calls_sink_helper(void) {
    char buf[100];
    read(0, buf, 99);
    sink_helper(buf);
}

void constant(void) {
    char cmd[64] = "/srv/";
    strcat(cmd, "report.txt");
    // ok: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void dead_branch(void) {
    char data[100] = "fixed";
    if (DEBUG) {
        fgets(data, sizeof data, stdin);
    }
    char cmd[64] = "/srv/";
    strcat(cmd, data);
    // ok: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}

void overwritten(void) {
    char *data = getenv("X");
    data = "fixed";
    char cmd[64] = "/srv/";
    strcat(cmd, data);
    // ok: c.path-traversal.file-open-taint
    fopen(cmd, "r");
}
