import org.slf4j.LoggerFactory

class LoginService {
    private val log = LoggerFactory.getLogger(LoginService::class.java)

    fun login(user: String, password: String, apiKey: String, passwordLength: Int) {
        // ruleid: kotlin.logging.secret-in-log
        log.info("login {} with {}", user, password)
        // ruleid: kotlin.logging.secret-in-log
        log.debug("key=" + apiKey)
        // ruleid: kotlin.logging.secret-in-log
        println("secret " + password)
        // ok: kotlin.logging.secret-in-log
        log.info("login {}", user)
        // ok: kotlin.logging.secret-in-log
        log.info("password length {}", passwordLength)
    }
}
