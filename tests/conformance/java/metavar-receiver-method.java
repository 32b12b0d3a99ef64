public class MetavarReceiverMethod {
    void log(Logger logger, java.io.PrintStream out, String password, String user) {
        // ruleid: conformance.java.metavar-receiver-method
        logger.info(password);
        // ruleid: conformance.java.metavar-receiver-method
        out.println(password);
        // ok: conformance.java.metavar-receiver-method
        logger.info(user);
        // ok: conformance.java.metavar-receiver-method
        logger.info(password, user);
        // ok: conformance.java.metavar-receiver-method
        record(password);
    }

    void record(String s) {
    }
}

interface Logger {
    void info(String s);
    void info(String s, String t);
}
