import os
import shlex
import subprocess
import sys

from flask import Flask, request

app = Flask(__name__)
DEBUG = False


@app.route("/ping")
def direct():
    # ruleid: python.injection.command-taint
    os.system("ping -c 1 " + request.args.get("host"))


def through_variables():
    host = request.form["host"]
    cmd = "ping -c 1 " + host
    line = cmd
    # ruleid: python.injection.command-taint
    subprocess.call(line, shell=True)


def django_view(req):
    name = req.GET.get("name")
    # ruleid: python.injection.command-taint
    os.popen(f"grep {name} /var/log/app.log")


class Job:
    def __init__(self, target):
        self.target = target
        self.kind = "static"

    def run(self):
        # The field holds request data only when run_from_request wrote it; a method reading
        # a field of `self` sees its own parameter's taint there and not the class-wide write.
        # todoruleid: python.injection.command-taint
        os.system("nslookup " + self.target)

    def run_from_request(self):
        self.target = request.args["target"]
        # ruleid: python.injection.command-taint
        os.system("nslookup " + self.target)
        # ok: python.injection.command-taint
        os.system("nslookup " + self.kind)


def start_job():
    Job(sys.argv[1]).run()


def through_field():
    job = Job("localhost")
    job.target = os.environ["TARGET"]
    # ok: python.injection.command-taint
    subprocess.run("host " + job.target, shell=True)


def through_copied_object():
    job = Job("localhost")
    job.target = request.args.get("host")
    job.mode = "-v"
    same = job
    # ruleid: python.injection.command-taint
    subprocess.run("host " + same.target, shell=True)
    # ok: python.injection.command-taint
    subprocess.run("host " + same.mode, shell=True)


def through_list():
    parts = ["ls"]
    parts.append(input("dir? "))
    # ok: python.injection.command-taint
    subprocess.check_output(" ".join(parts), shell=True)


def through_dict():
    opts = {}
    opts["dir"] = os.getenv("DIR")
    # ok: python.injection.command-taint
    os.system("ls %s" % opts["dir"])


def through_loop():
    for arg in sys.argv[1:]:
        # ok: python.injection.command-taint
        subprocess.getoutput("file {}".format(arg))


def sanitized():
    host = shlex.quote(request.args["host"])
    # ok: python.injection.command-taint
    os.system("ping -c 1 " + host)


def sanitized_inline():
    # ok: python.injection.command-taint
    os.system("ping -c 1 " + shlex.quote(request.args["host"]))


def sanitized_int():
    count = int(request.args["count"])
    # ok: python.injection.command-taint
    os.system("ping -c %d localhost" % count)


def dead_branch():
    cmd = "uptime"
    if False:
        cmd = request.args["cmd"]
    # ok: python.injection.command-taint
    os.system(cmd)


def dead_branch_const():
    cmd = "uptime"
    if DEBUG:
        cmd = request.args["cmd"]
    # ok: python.injection.command-taint
    os.system(cmd)


def overwritten():
    cmd = request.args["cmd"]
    cmd = "uptime"
    # ok: python.injection.command-taint
    os.system(cmd)


def identity(value):
    return value


def through_helper():
    cmd = identity(request.values["cmd"])
    # ruleid: python.injection.command-taint
    os.system(cmd)


def run_it(command):
    # ruleid: python.injection.command-taint
    subprocess.Popen(command, shell=True)


def calls_sink():
    run_it(request.headers.get("X-Cmd"))


def recurse(value, depth):
    if depth == 0:
        # ruleid: python.injection.command-taint
        os.system("echo " + value)
        return
    recurse(value, depth - 1)


def starts_recursion():
    recurse(request.cookies.get("c"), 3)


def safe_list_form():
    # ok: python.injection.command-taint
    subprocess.run(["ping", "-c", "1", request.args["host"]])


def tuple_unpacking():
    host, port = request.args["host"], 80
    # ruleid: python.injection.command-taint
    os.system("ping -p %d %s" % (port, host))


def augmented_assignment():
    cmd = "ls "
    cmd += request.args["dir"]
    # ruleid: python.injection.command-taint
    os.system(cmd)


def comprehension():
    cmds = ["ls " + d for d in request.args.getlist("dir")]
    # ruleid: python.injection.command-taint
    os.system(cmds[0])


def or_default():
    cmd = request.args.get("cmd") or "uptime"
    # ruleid: python.injection.command-taint
    os.system(cmd)


def dict_literal():
    job = {"script": request.form["script"], "name": "backup"}
    # ruleid: python.injection.command-taint
    os.system(job["script"])
    # ok: python.injection.command-taint
    os.system(job["name"])


def tuple_literal():
    pair = (request.args["cmd"], "uptime")
    # ruleid: python.injection.command-taint
    os.system(pair[0])
    # ok: python.injection.command-taint
    os.system(pair[1])


def inside_with():
    with open("/etc/hostname") as fh:
        cmd = request.args["cmd"] + fh.read()
    # ruleid: python.injection.command-taint
    os.system(cmd)


def inside_try():
    try:
        cmd = request.args["cmd"]
    except KeyError:
        cmd = "uptime"
    # ruleid: python.injection.command-taint
    os.system(cmd)


def sink_kwargs(**kw):
    # ruleid: python.injection.command-taint
    os.system(kw["cmd"])


def calls_kwargs():
    sink_kwargs(cmd=request.args["cmd"])


def dead_loop():
    cmd = "uptime"
    while False:
        cmd = request.args["cmd"]
    # ok: python.injection.command-taint
    os.system(cmd)


def keyed_dictionary():
    m = {}
    m["keyA"] = "ls"
    m["keyB"] = input()
    # ok: python.injection.command-taint
    os.system(m["keyA"])
    # ok: python.injection.command-taint
    os.system(m["keyB"])


def keyed_config():
    import configparser
    c = configparser.ConfigParser()
    c.set("s", "keyB", input())
    c.set("s", "keyA", "ls")
    # ok: python.injection.command-taint
    os.system(c.get("s", "keyA"))
    # ok: python.injection.command-taint
    os.system(c.get("s", "keyB"))


def match_on_constant():
    user = request.args["cmd"]
    modes = "ABC"
    mode = modes[1]
    match mode:
        case "A":
            cmd = user
        case "B" | "C":
            cmd = "uptime"
        case _:
            cmd = user
    # ok: python.injection.command-taint
    os.system(cmd)
    match modes[0]:
        case "A":
            cmd = user
        case _:
            cmd = "uptime"
    # ruleid: python.injection.command-taint
    os.system(cmd)


def match_on_input(kind):
    user = request.args["cmd"]
    match kind:
        case "ls":
            cmd = "ls"
        case other:
            cmd = user + other
    # ruleid: python.injection.command-taint
    os.system(cmd)


def conditional_expression():
    user = request.args["cmd"]
    limit = 106
    cmd = "uptime" if 7 * 18 + limit > 200 else user
    # ok: python.injection.command-taint
    os.system(cmd)
    cmd = "uptime" if limit > 200 else user
    # ruleid: python.injection.command-taint
    os.system(cmd)


def list_built_by_append():
    parts = []
    parts.append("safe")
    parts.append(request.args["cmd"])
    parts.append("uptime")
    parts.pop(0)
    # ok: python.injection.command-taint
    os.system(parts[1])
    # ruleid: python.injection.command-taint
    os.system(parts[0])
    # ruleid: python.injection.command-taint
    os.system(" ".join(parts))


def argument_lists(host):
    user = request.args["cmd"]
    # ruleid: python.injection.command-taint
    subprocess.run([user, "-l"])
    # ok: python.injection.command-taint
    subprocess.run(["ping", "-c", "1", user])
    # ruleid: python.injection.command-taint
    subprocess.run(["bash", "-c", "echo " + user])
    args = []
    if host:
        args.append("sh")
        args.append("-c")
    else:
        args.append("cmd.exe")
        args.append("/c")
    args.append(f"echo {user}")
    # ruleid: python.injection.command-taint
    subprocess.run(args, capture_output=True)


def argument_list_with_constant_command(flag):
    user = request.args["cmd"]
    limit = 86
    if 7 * 42 - limit > 200:
        text = "constant"
    else:
        text = user
    args = ["sh"]
    args.append("-c")
    args.append(f"echo {text}")
    # ok: python.injection.command-taint
    subprocess.run(args)
