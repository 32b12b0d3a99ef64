#include <windows.h>

void unchecked_mutex(void) {
    HANDLE hMutex = NULL;
    // ruleid: c.unsafe.unchecked-handle
    hMutex = CreateMutexA(NULL, FALSE, NULL);
    WaitForSingleObject(hMutex, INFINITE);
    CloseHandle(hMutex);
}

void unchecked_pipe_in_declaration(const char *name) {
    // ruleid: c.unsafe.unchecked-handle
    HANDLE pipe = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_WAIT, 1, 512, 512, 0, NULL);
    ConnectNamedPipe(pipe, NULL);
    CloseHandle(pipe);
}

int checked_mutex(void) {
    HANDLE hMutex = NULL;
    // ok: c.unsafe.unchecked-handle
    hMutex = CreateMutexA(NULL, FALSE, NULL);
    if (hMutex == NULL) {
        return -1;
    }
    CloseHandle(hMutex);
    return 0;
}

void checked_pipe(const char *name) {
    // ok: c.unsafe.unchecked-handle
    HANDLE pipe = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_WAIT, 1, 512, 512, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE)
        exit(1);
    ConnectNamedPipe(pipe, NULL);
    CloseHandle(pipe);
}

void checked_with_else(const char *path) {
    // ok: c.unsafe.unchecked-handle
    HANDLE f = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        CloseHandle(f);
    } else {
        exit(1);
    }
}
