def work(job, queue):
    # ruleid: conformance.python.seq-mv-args-trailing
    retry(0)
    # ruleid: conformance.python.seq-mv-args-trailing
    retry(job, 0)
    # ruleid: conformance.python.seq-mv-args-trailing
    retry(job, queue, 0)
    # ok: conformance.python.seq-mv-args-trailing
    retry(0, job)
    # ok: conformance.python.seq-mv-args-trailing
    retry(job, 1)
    # ok: conformance.python.seq-mv-args-trailing
    retry()
