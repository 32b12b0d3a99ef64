def keys():
    # ruleid: conformance.python.regex-aws-key
    primary = "AKIAABCDEFGHIJKLMNOP"
    # ok: conformance.python.regex-aws-key
    short = "AKIA1234"
    # ok: conformance.python.regex-aws-key
    lower = "akiaabcdefghijklmnop"
    backup = [
        # ruleid: conformance.python.regex-aws-key
        "xxAKIAQRSTUVWXYZ234567",
    ]
    return primary, short, lower, backup
