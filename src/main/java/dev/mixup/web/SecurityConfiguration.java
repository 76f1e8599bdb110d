package dev.mixup.web;

import java.io.IOException;

import dev.mixup.MixupProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;
import static org.springframework.security.web.util.matcher.RequestMatchers.anyOf;

/**
 * With {@code mixup.api-key} set, every request needs {@code Authorization: Bearer <key>} except an allow-list:
 * the health probes, the Prometheus scrape and (unless {@code mixup.api-docs-public=false}) the API docs. The
 * allow-list is matched by path patterns on the decoded path the MVC router sees, after the firewall rejected
 * path tricks ({@code ;} parameters, encoded slashes, dots or percents, {@code //}), so no spelling of a
 * {@code /v1} route gets past. Stateless: no session, cookie, CSRF token, login page or Basic auth.
 */
@Configuration
class SecurityConfiguration {

    private static final String BEARER = "Bearer";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, MixupProperties properties) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(SecurityConfiguration::unauthorized));
        if (!properties.authEnabled()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        AuthenticationFilter apiKey = new AuthenticationFilter(new ApiKeyAuthenticationManager(properties.apiKey()),
                SecurityConfiguration::bearerToken);
        apiKey.setSuccessHandler((request, response, authentication) -> {
            // nothing to do: the request goes on down the chain (the default handler would redirect)
        });
        apiKey.setFailureHandler(new AuthenticationEntryPointFailureHandler(SecurityConfiguration::unauthorized));
        RequestMatcher open = properties.apiDocsPublic() ? anyOf(probesAndMetrics(), apiDocs()) : probesAndMetrics();
        return http.addFilterBefore(apiKey, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // Spring Boot's /error page renders errors of requests already authorized (or refused)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(open).permitAll()
                        .anyRequest().authenticated())
                .build();
    }

    private static RequestMatcher probesAndMetrics() {
        return EndpointRequest.to("health", "prometheus");
    }

    private static RequestMatcher apiDocs() {
        return anyOf(pathPattern("/v3/api-docs/**"), pathPattern("/v3/api-docs.yaml"),
                pathPattern("/swagger-ui.html"), pathPattern("/swagger-ui/**"));
    }

    /** The default firewall, named so the rules it enforces are visible here; its rejections become 400 problems. */
    @Bean
    HttpFirewall httpFirewall() {
        return new StrictHttpFirewall();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> Problems.write(response, HttpStatus.BAD_REQUEST,
                Problems.echo(rejected.getMessage()), null);
    }

    private static Authentication bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER + " ", 0, BEARER.length() + 1)) {
            return null;
        }
        return new PreAuthenticatedAuthenticationToken(BEARER, header.substring(BEARER.length() + 1).strip());
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BEARER);
        String detail = failure instanceof BadCredentialsException
                ? "the API key is not valid"
                : "this service needs Authorization: Bearer <mixup.api-key>";
        Problems.write(response, HttpStatus.UNAUTHORIZED, detail, request.getRequestURI());
    }
}
