import os
import subprocess


def ping(host):
    # ruleid: python.injection.os-system-non-literal
    os.system("ping -c 1 " + host)


def listing(path):
    # ruleid: python.injection.os-system-non-literal
    out = os.popen(f"ls -l {path}").read()
    return out


def run(cmd):
    # ruleid: python.injection.os-system-non-literal
    return os.system(cmd)


def nested(base, name):
    # ruleid: python.injection.os-system-non-literal
    os.system(
        # ok: python.injection.os-system-non-literal
        os.path.join(base, name)
    )


def safe():
    # ok: python.injection.os-system-non-literal
    os.system("uptime")
    # ok: python.injection.os-system-non-literal
    os.popen("date", "r")
    # ok: python.injection.os-system-non-literal
    subprocess.run(["ping", "-c", "1", "localhost"], check=True)
    # ok: python.injection.os-system-non-literal
    os.path.join("a", "b")
