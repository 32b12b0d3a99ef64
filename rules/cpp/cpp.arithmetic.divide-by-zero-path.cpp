int average(int sum) {
    int count = 0;
    // ruleid: cpp.arithmetic.divide-by-zero-path
    return sum / count;
}

int average_checked(int sum, int count) {
    if (count <= 0)
        return 0;
    // ok: cpp.arithmetic.divide-by-zero-path
    return sum / count;
}

double ratio(double a) {
    double zero = 0.0;
    // ok: cpp.arithmetic.divide-by-zero-path
    return a / zero;
}
