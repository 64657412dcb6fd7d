package dev.berth.notejam.system;

import dev.berth.notejam.pad.PadRepository;
import dev.berth.notejam.user.NotejamUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.validation.BindingResult;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    /** Paths that are no page of the app: the interceptors leave them alone. */
    private static final String[] NOT_PAGES = {"/static/**", "/favicon.ico", "/actuator/**"};

    private final PadRepository pads;

    WebConfiguration(PadRepository pads) {
        this.pads = pads;
    }

    /** {@code /pads/1/} is {@code /pads/1}: the trailing slash is dropped before security and routing see the path. */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlash() {
        FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(
                UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestId() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * No answer may be stored by a cache unless it says otherwise (static assets do): Spring Security's
     * {@code Cache-Control: no-cache, no-store, max-age=0, must-revalidate} (and Pragma, Expires), written as the
     * response commits if nothing set a Cache-Control. Security writes the same, but only for what passes through its
     * filter chain: this one wraps the filters before it too, whose refusals (a 400 for a NUL, {@code /error} asked
     * for directly) are rendered as error pages that went out without any. Named, so that it does not take the
     * "already filtered" mark of Security's own header filter, which would then skip its other headers.
     */
    @Bean
    FilterRegistrationBean<HeaderWriterFilter> noStoreByDefault() {
        FilterRegistrationBean<HeaderWriterFilter> registration = new FilterRegistrationBean<>(
                new HeaderWriterFilter(List.of(new CacheControlHeadersWriter())));
        registration.setName("noStoreByDefault");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Bad input is a 4xx: before security, so a NUL in the sign-in form never reaches the user lookup either. */
    @Bean
    FilterRegistrationBean<RequestGuard> requestGuard() {
        FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /**
     * A database out of reach is a 503 the client may retry: outside the session filter (order MIN_VALUE + 50),
     * which loads and saves sessions in the database too. Its page links the stylesheet by hashed name, as every page
     * does (the plain name is not served, nor in the CDN's bucket).
     */
    @Bean
    FilterRegistrationBean<DatabaseUnavailable> databaseUnavailable(ObjectProvider<ResourceUrlProvider> resourceUrls) {
        FilterRegistrationBean<DatabaseUnavailable> registration = new FilterRegistrationBean<>(
                new DatabaseUnavailable(resourceUrls));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }

    /**
     * {@code /static/**} under content-hashed names, and {@code /favicon.ico}, which browsers, feed readers and crawlers
     * ask for whatever the page links, signed in or not (security lets both through): see {@link StaticAssets}, which
     * the build's export of the assets for the CDN runs too.
     */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        StaticAssets.register(registry);
    }

    /**
     * Every page a signed-in user sees names them and lists their pads (redirects skip the query); a form shown
     * again with what was wrong in it answers a bad request, 400 rather than 200; a completed redirect is
     * remembered for a database failure after it (see {@link DatabaseUnavailable}).
     */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                    ModelAndView view) {
                if (view == null || view.getViewName() == null || view.getViewName().startsWith("redirect:")) {
                    return;
                }
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof NotejamUser user) {
                    view.addObject("currentUser", user.email());
                    view.addObject("pads", pads.findAllByUser(user.id()));
                }
            }
        }).excludePathPatterns(NOT_PAGES);
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                    ModelAndView view) {
                if (view != null && view.getModel().values().stream()
                        .anyMatch(value -> value instanceof BindingResult result && result.hasErrors())) {
                    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                }
            }
        }).excludePathPatterns(NOT_PAGES);
        registry.addInterceptor(new DatabaseUnavailable.CompletedRedirects()).excludePathPatterns(NOT_PAGES);
    }
}
