package dev.berth.notejam.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * A request that needs the database while it is unreachable gets a 503 with {@code Retry-After}, as a short page
 * or as JSON for API clients, instead of a 500 after a long wait: the pool gives up after 1.5 s
 * ({@code spring.datasource.hikari.connection-timeout}). It wraps everything that may touch the database, the
 * session filter included, and holds each response in a buffer large enough for a whole page, so a failure
 * late in a request can still be answered cleanly instead of cutting a page off mid-body.
 */
final class DatabaseUnavailable extends OncePerRequestFilter {

    static final int RETRY_AFTER_SECONDS = 5;
    /** Set when a handler finished and answered with a redirect: what it saved is saved, whatever fails after. */
    static final String COMPLETED_REDIRECT = DatabaseUnavailable.class.getName() + ".completedRedirect";
    /**
     * Larger than any page Notejam renders, so nothing reaches the client before the request is done; and no
     * larger than 16 times Tomcat's default of 8 KiB, the largest buffer it keeps between requests (a larger
     * one it would allocate anew for every request).
     */
    static final int RESPONSE_BUFFER_BYTES = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    /** Spring MVC's, asked when a page is answered: the filter is made before Spring MVC is. */
    private final ObjectProvider<ResourceUrlProvider> resourceUrls;

    DatabaseUnavailable(ObjectProvider<ResourceUrlProvider> resourceUrls) {
        this.resourceUrls = resourceUrls;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setBufferSize(RESPONSE_BUFFER_BYTES);
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!isDatabaseUnreachable(e)) {
                throw e;
            }
            if (response.isCommitted()) {
                // The answer was decided and committed (a redirect after a save, a page); only the session's save
                // after it failed. The answer stands: the buffer still holds it whole.
                log.warn("Database unreachable after {} {} was answered {}; the session was not saved: {}",
                        request.getMethod(), request.getRequestURI(), response.getStatus(), rootCause(e).toString());
                return;
            }
            if (request.getAttribute(COMPLETED_REDIRECT) instanceof String target) {
                // The note (or pad, or password) was committed; only the session write after it failed. Answering
                // 503 would tell the user it failed: redirect as the handler meant to, without the flash message.
                log.warn("Database unreachable after {} {} completed; redirected without saving the session: {}",
                        request.getMethod(), request.getRequestURI(), rootCause(e).toString());
                response.resetBuffer();
                response.setStatus(HttpServletResponse.SC_FOUND);
                response.setHeader("Location", request.getContextPath() + target);
                return;
            }
            log.warn("Database unreachable; answered 503 to {} {}: {}", request.getMethod(), request.getRequestURI(),
                    rootCause(e).toString());
            answer(request, response);
        }
    }

    /**
     * The stylesheet under its content-hashed name, as the other pages link it: only that name is served, here and by
     * the CDN. None if it cannot be named (no stylesheet is better than a link that fails).
     */
    private String stylesheetLink(HttpServletRequest request) {
        ResourceUrlProvider urls = resourceUrls.getIfAvailable();
        String href = urls == null ? null : urls.getForLookupPath(StaticAssets.URL_PREFIX + "css/notejam.css");
        return href == null ? "" : "<link rel=\"stylesheet\" href=\"" + request.getContextPath() + href + "\">";
    }

    /** Remembers a handler's completed redirect, for a failure that comes after it (the session's save). */
    static final class CompletedRedirects implements HandlerInterceptor {
        @Override
        public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
            if (view != null && view.getViewName() != null && view.getViewName().startsWith("redirect:")) {
                request.setAttribute(COMPLETED_REDIRECT, view.getViewName().substring("redirect:".length()));
            }
        }
    }

    /**
     * Connection failures, not query errors: a pool that timed out, a refused or reset connection, SQLSTATE 08 or
     * 57P0x, a transaction that could not commit or roll back, anywhere in the causes.
     */
    static boolean isDatabaseUnreachable(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
                    || cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (cause instanceof TransactionSystemException) {
                // A commit or rollback that failed: the connection went with the database (JDBC transactions only
                // here). Its cause is the rollback's "Connection is closed", which carries no SQLSTATE.
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("text/html")) {
            response.setContentType("text/html");
            response.getWriter().write("""
                    <!DOCTYPE html>
                    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                    <title>Notejam is unavailable</title>%s</head>
                    <body><main class="narrow"><h1>Back in a moment</h1>
                    <p>Notejam cannot reach its database right now. Try again in a few seconds: a form sent again is
                    never saved twice.</p></main></body></html>
                    """.formatted(stylesheetLink(request)));
        } else {
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"The database is"
                    + " unreachable. Retry after " + RETRY_AFTER_SECONDS + " seconds.\"}");
        }
    }
}
