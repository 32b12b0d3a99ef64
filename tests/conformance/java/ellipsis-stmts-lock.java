import java.util.concurrent.locks.Lock;

public class EllipsisStmtsLock {
    void a(Lock lock, int[] data) {
        // ruleid: conformance.java.ellipsis-stmts-lock
        lock.lock();
        data[0]++;
        data[1]++;
        lock.unlock();
    }

    void b(Lock lock) {
        lock.unlock();
        // ok: conformance.java.ellipsis-stmts-lock
        lock.lock();
    }

    void c(Lock first, Lock second) {
        // ok: conformance.java.ellipsis-stmts-lock
        first.lock();
        second.unlock();
    }

    void d(Lock mu) {
        // ruleid: conformance.java.ellipsis-stmts-lock
        mu.lock();
        mu.unlock();
    }
}
