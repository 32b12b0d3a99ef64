import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class LoginService {
    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    void login(User user, String password, String apiKey, int passwordLength) {
        // ruleid: java.logging.secret-in-log
        log.info("login {} with {}", user.getName(), password);
        // ruleid: java.logging.secret-in-log
        log.debug("key=" + apiKey);
        // ruleid: java.logging.secret-in-log
        System.out.println("token " + user.getAccessToken());
        // ok: java.logging.secret-in-log
        log.info("login {}", user.getName());
        // ok: java.logging.secret-in-log
        log.info("password length {}", passwordLength);
        // ok: java.logging.secret-in-log
        log.warn("Password reset requested for {}", user.getName());
    }
}
