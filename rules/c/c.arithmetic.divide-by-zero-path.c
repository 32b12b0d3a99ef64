#define SCALE 0

int literal_divisor(int total) {
    // ruleid: c.arithmetic.divide-by-zero-path
    return total / 0;
}

int computed_divisor(int total) {
    int parts = 3;
    // ruleid: c.arithmetic.divide-by-zero-path
    return total % (parts * 2 - 6);
}

int macro_divisor(int total) {
    int r = total;
    // ruleid: c.arithmetic.divide-by-zero-path
    r /= SCALE;
    return r;
}

int checked_divisor(int total, int parts) {
    if (parts == 0)
        return 0;
    // ok: c.arithmetic.divide-by-zero-path
    return total / parts;
}

int zero_only_on_one_path(int total, int flag) {
    int parts = 4;
    if (flag)
        parts = 0;
    // ok: c.arithmetic.divide-by-zero-path
    return total / parts;
}

double floating_point(double x) {
    // ok: c.arithmetic.divide-by-zero-path
    return x / 0.0;
}

int guarded_by_the_same_value(int total) {
    int parts = 0;
    if (parts != 0)
        // ok: c.arithmetic.divide-by-zero-path
        return total / parts;
    return 0;
}

int no_parts(void) {
    return 0;
}

int by_a_function_result(int total) {
    // ruleid: c.arithmetic.divide-by-zero-path
    return total / no_parts();
}

int by_an_initialised_element(int total) {
    int parts[3] = {2, 0, 4};
    int k = 1;
    // ruleid: c.arithmetic.divide-by-zero-path
    return total / parts[k];
}

int share(int total, int parts) {
    // ruleid: c.arithmetic.divide-by-zero-path
    return total / parts;
}

int share_nothing(int total) {
    return share(total, 0);
}
