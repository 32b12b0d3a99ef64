import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;

public class SecurityConfig {
    void legacy(HttpSecurity http) throws Exception {
        // ruleid: java.config.spring-csrf-disabled
        http.csrf().disable();
    }

    void lambda(HttpSecurity http) throws Exception {
        // ruleid: java.config.spring-csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // ruleid: java.config.spring-csrf-disabled
        http.csrf(AbstractHttpConfigurer::disable);
    }

    void good(HttpSecurity http) throws Exception {
        // ok: java.config.spring-csrf-disabled
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/webhooks/**"));
        // ok: java.config.spring-csrf-disabled
        http.cors().disable();
    }
}
