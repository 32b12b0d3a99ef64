void negative() {
    int a[5];
    // ruleid: cpp.memory.buffer-underrun-path
    a[-1] = 0;
    // ok: cpp.memory.buffer-underrun-path
    a[0] = 0;
}
