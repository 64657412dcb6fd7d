package dev.berth.notejam.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, requests no route can serve: a NUL character in any parameter (PostgreSQL
 * stores no NUL in text, so it would fail deep in a query as a 500) is a 400; {@code /error} asked for directly,
 * rather than forwarded to after an error, is a 404.
 */
final class RequestGuard extends OncePerRequestFilter {

    static final String ERROR_PATH = "/error";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.REQUEST && ERROR_PATH.equals(request.getRequestURI())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        for (String[] values : request.getParameterMap().values()) {
            for (String value : values) {
                if (value.indexOf('\0') >= 0) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
