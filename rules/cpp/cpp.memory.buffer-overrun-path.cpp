void loop() {
    int a[5];
    for (int i = 0; i <= 5; i++)
        // ruleid: cpp.memory.buffer-overrun-path
        a[i] = 0;
}

void heap() {
    int *p = new int[5];
    // ruleid: cpp.memory.buffer-overrun-path
    p[5] = 0;
    // ok: cpp.memory.buffer-overrun-path
    p[4] = 0;
    delete[] p;
}
