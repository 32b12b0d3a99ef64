import os


def both():
    name = upload_name()
    who = user_id()
    cmd = "mv " + name + " /home/" + who
    # ruleid: conformance.python.taint-labels-requires-and
    os.system(cmd)


def only_upload():
    name = upload_name()
    # ok: conformance.python.taint-labels-requires-and
    os.system("rm " + name)


def only_user():
    who = user_id()
    # ok: conformance.python.taint-labels-requires-and
    os.system("id " + who)


def helper():
    return upload_name()


def through_a_helper():
    cmd = helper() + user_id()
    # ruleid: conformance.python.taint-labels-requires-and
    os.system(cmd)
