package dev.berth.notejam.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What a request's answer is when it cannot be served: bad input is the client's mistake, a 4xx (a form with
 * errors comes back as a 400); a database out of reach is a 503 the client may retry.
 */
@Configuration(proxyBeanMethods = false)
class InputConfiguration implements WebMvcConfigurer {

    /** Before security, so a NUL in the sign-in form never reaches the user lookup either. */
    @Bean
    FilterRegistrationBean<RequestGuard> requestGuard() {
        FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Outside the session filter (order MIN_VALUE + 50), which loads and saves sessions in the database too. */
    @Bean
    FilterRegistrationBean<DatabaseUnavailable> databaseUnavailable() {
        FilterRegistrationBean<DatabaseUnavailable> registration = new FilterRegistrationBean<>(new DatabaseUnavailable());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /** A form shown again with what was wrong in it is an answer to a bad request: 400, not 200. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                    ModelAndView view) {
                if (view != null && view.getModel().values().stream()
                        .anyMatch(value -> value instanceof BindingResult result && result.hasErrors())) {
                    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                }
            }
        }).excludePathPatterns("/static/**", "/actuator/**");
        registry.addInterceptor(new DatabaseUnavailable.CompletedRedirects()).excludePathPatterns("/static/**", "/actuator/**");
    }
}
