def helper(x):
    return x + 1


def main():
    # ruleid: conformance.python.anywhere-defined-function
    helper(2)
    # ok: conformance.python.anywhere-defined-function
    print(3)


# ruleid: conformance.python.anywhere-defined-function
main()
