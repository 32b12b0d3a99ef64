run(
    "ls",
    # ruleid: conformance.python.focus-mv-sequence
    "-l",
    "-a",
)
# ok: conformance.python.focus-mv-sequence
run("cat", "notes.txt")
