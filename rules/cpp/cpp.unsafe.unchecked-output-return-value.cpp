#include <cstdio>
#include <cwchar>

#ifdef _WIN32
#define PUTS _putws_wrapper
#else
#define PUTS puts
#endif

void handle_error(void);

void write_record(FILE *log, const char *record, char *path, size_t size, const char *dir) {
    // ruleid: cpp.unsafe.unchecked-output-return-value
    fputs(record, log);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    std::fprintf(log, "%s\n", record);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    putc('\n', log);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    fputws(L"done", log);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    snprintf(path, size, "%s/x", dir);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    PUTS(record);
    // ok: cpp.unsafe.unchecked-output-return-value
    if (fputs(record, log) == EOF) {
        handle_error();
    }
    // ok: cpp.unsafe.unchecked-output-return-value
    int n = snprintf(path, size, "%s/x", dir);
    if (n < 0 || (size_t)n >= size) {
        handle_error();
    }
    // ok: cpp.unsafe.unchecked-output-return-value
    (void)fputc('x', log);
    // ok: cpp.unsafe.unchecked-output-return-value
    printf("%s\n", record);
}

void finish(FILE *out, int fd, const char *tmp, const char *path) {
    // ruleid: cpp.unsafe.unchecked-output-return-value
    std::fwrite(tmp, 1, 4, out);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    fflush(out);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    fclose(out);
    // ruleid: cpp.unsafe.unchecked-output-return-value
    close(fd);
    // reported by cpp.unsafe.unchecked-return-value
    // ok: cpp.unsafe.unchecked-output-return-value
    rename(tmp, path);
    // ok: cpp.unsafe.unchecked-output-return-value
    if (unlink(tmp) != 0) {
        return;
    }
    // ok: cpp.unsafe.unchecked-output-return-value
    int rc =
        std::remove(path);
    (void)rc;
}
