#include <stdio.h>
#include <wchar.h>

#ifdef _WIN32
#define PUTS _putws_wrapper
#else
#define PUTS puts
#endif

void handle_error(void);

void write_record(FILE *log, const char *record, char *path, size_t size, const char *dir) {
    // ruleid: c.unsafe.unchecked-output-return-value
    fputs(record, log);
    // ruleid: c.unsafe.unchecked-output-return-value
    fprintf(log, "%s\n", record);
    // ruleid: c.unsafe.unchecked-output-return-value
    putc('\n', log);
    // ruleid: c.unsafe.unchecked-output-return-value
    fputws(L"done", log);
    // ruleid: c.unsafe.unchecked-output-return-value
    snprintf(path, size, "%s/x", dir);
    // ruleid: c.unsafe.unchecked-output-return-value
    PUTS(record);
    // ok: c.unsafe.unchecked-output-return-value
    if (fputs(record, log) == EOF) {
        handle_error();
    }
    // ok: c.unsafe.unchecked-output-return-value
    int n = snprintf(path, size, "%s/x", dir);
    if (n < 0 || (size_t)n >= size) {
        handle_error();
    }
    // ok: c.unsafe.unchecked-output-return-value
    (void)fputc('x', log);
    // ok: c.unsafe.unchecked-output-return-value
    printf("%s\n", record);
}

void finish(FILE *out, int fd, const char *tmp, const char *path) {
    // ruleid: c.unsafe.unchecked-output-return-value
    fwrite(tmp, 1, 4, out);
    // ruleid: c.unsafe.unchecked-output-return-value
    fflush(out);
    // ruleid: c.unsafe.unchecked-output-return-value
    fclose(out);
    // ruleid: c.unsafe.unchecked-output-return-value
    close(fd);
    // reported by c.unsafe.unchecked-return-value
    // ok: c.unsafe.unchecked-output-return-value
    rename(tmp, path);
    // ok: c.unsafe.unchecked-output-return-value
    if (unlink(tmp) != 0) {
        return;
    }
    // ok: c.unsafe.unchecked-output-return-value
    int rc =
        remove(path);
    (void)rc;
}
