package dev.berth.notejam.system;

import dev.berth.notejam.user.NotejamUser;
import dev.berth.notejam.user.SignInThrottle;
import dev.berth.notejam.user.UserRepository;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may see what: everything but the account forms, static assets and health needs a signed-in user. Forms
 * carry CSRF tokens; sign-in changes the session id; repeated failures for one email are throttled.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        http
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/signup", "/signin", "/forgot-password", "/reset-password", "/static/**",
                                "/favicon.ico", "/error", "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").access(fromLoopback())
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/signin")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .defaultSuccessUrl("/", true)
                        .failureHandler((request, response, exception) -> response.sendRedirect(
                                request.getContextPath() + (exception instanceof LockedException ? "/signin?throttled" : "/signin?error")))
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/signout")
                        .logoutSuccessUrl("/signin")
                        .permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Argon2id for new hashes; bcrypt hashes still verify (and migrate on the next password change). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    UserDetailsService userDetailsService(UserRepository users) {
        return email -> users.findByEmail(email)
                .map(account -> new NotejamUser(account.id(), account.email(), account.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    /** Refuses a throttled email before its password is even checked, so guessing stops costing us hashes too. */
    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder, SignInThrottle throttle,
            ApplicationEventPublisher events) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users) {
            @Override
            public Authentication authenticate(Authentication authentication) {
                if (throttle.isBlocked(String.valueOf(authentication.getPrincipal()))) {
                    throw new LockedException("too many failed sign-ins");
                }
                return super.authenticate(authentication);
            }
        };
        passwords.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(passwords);
        // The throttle counts failures and clears them on success through these events.
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    /** Metrics answer only on the task itself (a sidecar or an agent scrapes them), never through the load balancer. */
    private static AuthorizationManager<RequestAuthorizationContext> fromLoopback() {
        return (authentication, context) -> {
            try {
                return new AuthorizationDecision(InetAddress.getByName(context.getRequest().getRemoteAddr()).isLoopbackAddress());
            } catch (UnknownHostException e) {
                return new AuthorizationDecision(false);
            }
        };
    }
}
