import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

// ruleid: java.config.cors-any-origin-with-credentials
@CrossOrigin(originPatterns = "*", allowCredentials = "true")
public class Api {
    void mvc(CorsRegistry registry) {
        // ruleid: java.config.cors-any-origin-with-credentials
        registry.addMapping("/**").allowedOriginPatterns("*").allowedMethods("GET", "POST").allowCredentials(true);
        // ok: java.config.cors-any-origin-with-credentials
        registry.addMapping("/**").allowedOrigins("https://app.example.com").allowCredentials(true);
    }

    CorsConfiguration config() {
        CorsConfiguration c = new CorsConfiguration();
        c.addAllowedOriginPattern("*");
        // ruleid: java.config.cors-any-origin-with-credentials
        c.setAllowCredentials(true);
        return c;
    }

    CorsConfiguration safe() {
        CorsConfiguration c = new CorsConfiguration();
        c.addAllowedOrigin("https://app.example.com");
        // ok: java.config.cors-any-origin-with-credentials
        c.setAllowCredentials(true);
        return c;
    }
}
