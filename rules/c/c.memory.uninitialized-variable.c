#include <stdio.h>
#include <stdlib.h>

void print_int(int v);
void print_double(double v);
int read_flag(void);

void never_assigned(void) {
    int count;
    // ruleid: c.memory.uninitialized-variable
    print_int(count);
}

void assigned_on_one_branch(void) {
    double ratio;
    if (read_flag()) {
        ratio = 0.5;
    }
    // ruleid: c.memory.uninitialized-variable
    print_double(ratio);
}

void pointer_never_set(void) {
    char *name;
    // ruleid: c.memory.uninitialized-variable
    printf("%c\n", *name);
}

void skipped_by_goto(void) {
    long total;
    if (read_flag()) {
        goto done;
    }
    total = 10;
done:
    // todoruleid: c.memory.uninitialized-variable
    print_int((int)total);
}

void assigned_on_both_branches(void) {
    int mode;
    if (read_flag()) {
        mode = 1;
    } else {
        mode = 2;
    }
    // ok: c.memory.uninitialized-variable
    print_int(mode);
}

void dead_branch_is_skipped(void) {
    int value;
    if (0) {
        print_int(1);
    } else {
        value = 5;
    }
    // ok: c.memory.uninitialized-variable
    print_int(value);
}

void filled_through_address(void) {
    int parsed;
    if (scanf("%d", &parsed) != 1) {
        return;
    }
    // ok: c.memory.uninitialized-variable
    print_int(parsed);
}

void loop_that_runs_once(void) {
    int i;
    double data;
    for (i = 0; i < 1; i++) {
        data = 5.0;
    }
    // ok: c.memory.uninitialized-variable
    print_double(data);
}

void loop_that_may_not_run(int n) {
    int i;
    double data;
    for (i = 0; i < n; i++) {
        data = 5.0;
    }
    // ruleid: c.memory.uninitialized-variable
    print_double(data);
}

void constant_switch(void) {
    int *data;
    switch (6) {
    case 5:
        break;
    default:
        data = (int *)malloc(sizeof(int));
        if (data == NULL) {
            exit(1);
        }
        *data = 5;
        break;
    }
    // ok: c.memory.uninitialized-variable
    print_int(*data);
    free(data);
}

void arrays_are_not_tracked(void) {
    int values[4];
    int i;
    for (i = 0; i < 4; i++) {
        values[i] = i;
    }
    // ok: c.memory.uninitialized-variable
    print_int(values[2]);
}

struct node {
    int value;
};

void struct_pointer_never_set(void) {
    struct node *head;
    // ruleid: c.memory.uninitialized-variable
    print_int(head->value);
}

void struct_pointer_allocated(void) {
    struct node *head;
    head = (struct node *)malloc(sizeof(struct node));
    if (head == NULL) {
        exit(1);
    }
    head->value = 1;
    // ok: c.memory.uninitialized-variable
    print_int(head->value);
    free(head);
}
