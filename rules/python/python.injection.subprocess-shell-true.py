import subprocess


def convert(filename):
    # ruleid: python.injection.subprocess-shell-true
    subprocess.run("convert " + filename + " out.png", shell=True)
    # ruleid: python.injection.subprocess-shell-true
    out = subprocess.check_output(f"file {filename}", shell=True, text=True)
    # ruleid: python.injection.subprocess-shell-true
    p = subprocess.Popen(args=filename, shell=True)
    return out, p


def safe(filename):
    # ok: python.injection.subprocess-shell-true
    subprocess.run(["convert", filename, "out.png"], check=True)
    # ok: python.injection.subprocess-shell-true
    subprocess.run("ls -l /tmp", shell=True)
    # ok: python.injection.subprocess-shell-true
    subprocess.run(filename, shell=False)
