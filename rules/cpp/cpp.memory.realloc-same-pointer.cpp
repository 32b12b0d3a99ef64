#include <cstdlib>

bool grow(char *&buf, std::size_t size) {
    // ruleid: cpp.memory.realloc-same-pointer
    buf = static_cast<char *>(realloc(buf, size * 2));
    return buf != nullptr;
}

bool grow2(int *data, std::size_t size) {
    // ruleid: cpp.memory.realloc-same-pointer
    data = (int *)realloc(data, size);
    return data != nullptr;
}

bool safe(char *&buf, std::size_t size) {
    // ok: cpp.memory.realloc-same-pointer
    char *tmp = static_cast<char *>(realloc(buf, size * 2));
    if (tmp == nullptr) {
        return false;
    }
    // ok: cpp.memory.realloc-same-pointer
    buf = tmp;
    return true;
}
