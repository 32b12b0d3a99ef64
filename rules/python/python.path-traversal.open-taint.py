import os
import shutil
import sys
from pathlib import Path

from flask import request, send_file
from werkzeug.utils import secure_filename

BASE = "/srv/uploads/"


def direct():
    # ruleid: python.path-traversal.open-taint
    return open(BASE + request.args["name"]).read()


def through_variables():
    name = request.args.get("file")
    full = os.path.join(BASE, name)
    # ruleid: python.path-traversal.open-taint
    return send_file(full)


def fstring_path():
    user = request.cookies.get("user")
    # ruleid: python.path-traversal.open-taint
    with open(f"/home/{user}/.profile", "w") as fh:
        fh.write("x")


def pathlib_path(req):
    # ruleid: python.path-traversal.open-taint
    return Path(req.GET["p"]).read_text()


def cli_remove():
    target = sys.argv[1]
    # ok: python.path-traversal.open-taint
    os.remove(target)


class Upload:
    pass


def through_field():
    up = Upload()
    up.dest = request.form["dest"]
    up.src = "/tmp/upload.bin"
    # ruleid: python.path-traversal.open-taint
    shutil.move(up.src, up.dest)
    # ok: python.path-traversal.open-taint
    shutil.copy(up.src, "/srv/archive/")


def through_list():
    paths = []
    paths.append(request.values["path"])
    for p in paths:
        # ruleid: python.path-traversal.open-taint
        shutil.rmtree(p)


def through_dict():
    cfg = {"dir": os.environ["DATA_DIR"]}
    # ok: python.path-traversal.open-taint
    return os.open(cfg["dir"] + "/state", os.O_RDONLY)


def sanitized():
    name = secure_filename(request.args["name"])
    # ok: python.path-traversal.open-taint
    return open(os.path.join(BASE, name)).read()


def sanitized_basename():
    name = os.path.basename(request.args["name"])
    # ok: python.path-traversal.open-taint
    return open(BASE + name).read()


def dead_branch():
    name = "index.html"
    if 0:
        name = request.args["name"]
    # ok: python.path-traversal.open-taint
    return open(BASE + name).read()


def overwritten():
    name = request.args["name"]
    name = "index.html"
    # ok: python.path-traversal.open-taint
    return open(BASE + name).read()


def under_base(name):
    return BASE + name


def through_helper():
    p = under_base(input("file: "))
    # ok: python.path-traversal.open-taint
    os.unlink(p)


def read_file(path):
    # ruleid: python.path-traversal.open-taint
    with open(path) as fh:
        return fh.read()


def calls_sink():
    return read_file(BASE + request.headers["X-File"])


def walk(path, depth):
    if depth > 3:
        # ok: python.path-traversal.open-taint
        return open(path).read()
    return walk(path + "/sub", depth + 1)


def starts_recursion():
    return walk(os.getenv("ROOT"), 0)


def codecs_open():
    import codecs
    name = request.args.get("f")
    # ruleid: python.path-traversal.open-taint
    return codecs.open(f"/srv/files/{name}", "r", "utf-8")


def constant_condition():
    import codecs
    bar = "This should never happen"
    if "should" not in bar:
        bar = request.args.get("f")
    # ok: python.path-traversal.open-taint
    return codecs.open(f"/srv/files/{bar}", "r", "utf-8")


def dot_dot_guard():
    from flask import request
    name = request.args["name"]
    if "../" in name:
        return "bad name"
    # ok: python.path-traversal.open-taint
    open(f"/srv/files/{name}")


def resolved_prefix_guard():
    from pathlib import Path
    from flask import request
    base = Path("/srv/files")
    p = (base / request.args["name"]).resolve()
    if not str(p).startswith(str(base)):
        return "outside"
    # ok: python.path-traversal.open-taint
    open(p)


def unresolved_prefix_check():
    from flask import request
    p = "/srv/files/" + request.args["name"]
    if not p.startswith("/srv/files/"):
        return "outside"
    # ruleid: python.path-traversal.open-taint
    open(p)


def dot_dot_guard_inside_try():
    from flask import request
    name = request.args["name"]
    try:
        if ".." in name:
            raise ValueError(name)
    except ValueError:
        return "bad name"
    # ok: python.path-traversal.open-taint
    open("/srv/files/" + name)


def pathlib_methods():
    import pathlib
    from flask import request
    base = pathlib.Path("/srv/files")
    p = base / request.args["name"]
    # ruleid: python.path-traversal.open-taint
    text = p.read_text()
    # ruleid: python.path-traversal.open-taint
    if p.exists():
        pass
    fixed = base / "index.html"
    # ok: python.path-traversal.open-taint
    return fixed.read_text() + text


def concatenated_f_strings():
    import pathlib
    from flask import request
    p = pathlib.Path("/srv") / request.args["name"]
    # ruleid: python.path-traversal.open-taint
    return f"file {p.name}: " f"{p.read_text()}"


def same_method_names(request, Entry):
    from pathlib import Path
    year = request.GET["year"]
    qs = Entry.objects.filter(pub_date__year=year)
    # A QuerySet's exists() asks the database, not the file system.
    # ok: python.path-traversal.open-taint
    found = qs.exists()
    target = Path("/srv/files") / request.GET["name"]
    # ruleid: python.path-traversal.open-taint
    if target.is_file():
        pass
    # ruleid: python.path-traversal.open-taint
    return found, Path("/srv", request.GET["other"]).exists()
