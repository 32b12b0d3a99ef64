#!/usr/bin/env python3
"""Count source lines per language (by file extension) under a directory.

Usage: count_lines.py [--json] [--by-package DEPTH] DIR

Only the standard library is used. A "line" is a newline-terminated line, plus
a final unterminated line if the file does not end with a newline (like
`wc -l`, but counting that last partial line). Files whose extension is not in
the table below are counted as "other" files but their lines are not counted.
Directories named `.ferret` (the corpus metadata) are skipped.
"""
import json
import os
import sys

LANGS = {
    "C": (".c", ".h"),
    "C++": (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".inl"),
    "C#": (".cs",),
    "Go": (".go",),
    "Java": (".java",),
    "JavaScript": (".js", ".mjs", ".cjs", ".jsx"),
    "Kotlin": (".kt", ".kts"),
    "PHP": (".php",),
    "Python": (".py", ".pyi"),
    "Ruby": (".rb",),
    "Rust": (".rs",),
    "TypeScript": (".ts", ".tsx", ".mts", ".cts"),
}
EXT2LANG = {ext: lang for lang, exts in LANGS.items() for ext in exts}
SKIP_DIRS = {".ferret"}


def count_file(path):
    n = 0
    last = b"\n"
    with open(path, "rb") as f:
        while True:
            buf = f.read(1 << 20)
            if not buf:
                break
            n += buf.count(b"\n")
            last = buf[-1:]
    if last != b"\n":
        n += 1
    return n


def scan(root, depth):
    """Return (per_lang {lang: [files, lines, bytes]}, other_files, per_pkg)."""
    per_lang = {}
    per_pkg = {}
    other = 0
    root = os.path.abspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel = os.path.relpath(dirpath, root)
        parts = [] if rel == "." else rel.split(os.sep)
        pkg = "/".join(parts[:depth]) if depth and len(parts) >= depth else None
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            lower = name.lower()
            dot = lower.rfind(".")
            lang = EXT2LANG.get(lower[dot:]) if dot > 0 else None
            if lang is None:
                other += 1
                continue
            try:
                lines = count_file(path)
                size = os.path.getsize(path)
            except OSError:
                continue
            e = per_lang.setdefault(lang, [0, 0, 0])
            e[0] += 1
            e[1] += lines
            e[2] += size
            if pkg is not None:
                p = per_pkg.setdefault(pkg, {})
                p[lang] = p.get(lang, 0) + lines
    return per_lang, other, per_pkg


def main(argv):
    as_json = False
    depth = 0
    args = []
    it = iter(argv)
    for a in it:
        if a == "--json":
            as_json = True
        elif a == "--by-package":
            depth = int(next(it))
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    per_lang, other, per_pkg = scan(args[0], depth)
    total_files = sum(v[0] for v in per_lang.values())
    total_lines = sum(v[1] for v in per_lang.values())
    total_bytes = sum(v[2] for v in per_lang.values())
    if as_json:
        json.dump(
            {
                "languages": {k: {"files": v[0], "lines": v[1], "bytes": v[2]} for k, v in sorted(per_lang.items())},
                "total_files": total_files,
                "total_lines": total_lines,
                "total_bytes": total_bytes,
                "other_files": other,
                "languages_with_lines": len(per_lang),
                "packages": {k: dict(sorted(v.items())) for k, v in sorted(per_pkg.items())},
            },
            sys.stdout,
            indent=1,
        )
        print()
        return 0
    if per_pkg:
        print("| package | lines | main languages |")
        print("|---|---:|---|")
        for k, v in sorted(per_pkg.items()):
            top = sorted(v.items(), key=lambda kv: -kv[1])[:3]
            print(f"| {k} | {sum(v.values()):,} | " + ", ".join(f"{l} {n:,}" for l, n in top) + " |")
        print()
    print("| language | files | lines | MiB |")
    print("|---|---:|---:|---:|")
    for k, v in sorted(per_lang.items(), key=lambda kv: -kv[1][1]):
        print(f"| {k} | {v[0]:,} | {v[1]:,} | {v[2] / 1048576:.1f} |")
    print(f"| **total** | {total_files:,} | {total_lines:,} | {total_bytes / 1048576:.1f} |")
    print(f"\n{len(per_lang)} languages; {other:,} other files (not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
