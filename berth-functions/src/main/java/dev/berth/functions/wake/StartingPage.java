package dev.berth.functions.wake;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer while the services start: 503 with {@code Retry-After}, never stored, as a page that reloads itself
 * or, when the request prefers it, as JSON.
 */
final class StartingPage {

    static final int RETRY_AFTER_SECONDS = 5;
    /** After the answer that sent the requests back to the service: the next one reaches it. */
    static final int ROUTED_BACK_RETRY_SECONDS = 1;

    private static final String HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="%1$d">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Starting up</title>
            <style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
            </head>
            <body>
            <h1>Starting up</h1>
            <p>This application was asleep after a quiet spell and is starting now, which usually takes a minute or two.
            This page reloads itself every %1$d seconds and shows the application as soon as it is ready.</p>
            </body>
            </html>
            """;

    private StartingPage() {}

    /** 503, to be asked again after {@code retryAfterSeconds}. */
    static ApplicationLoadBalancerResponseEvent answer(ApplicationLoadBalancerRequestEvent request, int retryAfterSeconds) {
        boolean json = prefersJson(header(request, "accept"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", json ? "application/json" : "text/html; charset=utf-8");
        headers.put("Retry-After", Integer.toString(retryAfterSeconds));
        headers.put("Cache-Control", "no-store");
        String body = json ? "{\"status\":\"starting\",\"retryAfterSeconds\":" + retryAfterSeconds + "}" : HTML.formatted(retryAfterSeconds);
        return response(request, 503, "503 Service Unavailable", headers, body);
    }

    /** The answer to the load balancer's own health check of the wake-up target group, when it has one. */
    static ApplicationLoadBalancerResponseEvent healthy(ApplicationLoadBalancerRequestEvent request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return response(request, 200, "200 OK", headers, "ok\n");
    }

    /**
     * The load balancer passes headers in {@code multiValueHeaders} when the target group has multi-value headers
     * on, and then reads the answer's from there too; else both use {@code headers}.
     */
    private static ApplicationLoadBalancerResponseEvent response(ApplicationLoadBalancerRequestEvent request, int status,
            String description, Map<String, String> headers, String body) {
        ApplicationLoadBalancerResponseEvent response = new ApplicationLoadBalancerResponseEvent();
        response.setStatusCode(status);
        response.setStatusDescription(description);
        if (request.getMultiValueHeaders() != null) {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            headers.forEach((name, value) -> multi.put(name, List.of(value)));
            response.setMultiValueHeaders(multi);
        } else {
            response.setHeaders(headers);
        }
        response.setBody(body);
        response.setIsBase64Encoded(false);
        return response;
    }

    /** A request header by name, whatever its case, from either form the load balancer uses. */
    static String header(ApplicationLoadBalancerRequestEvent request, String name) {
        if (request.getHeaders() != null) {
            for (var header : request.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
        }
        if (request.getMultiValueHeaders() != null) {
            for (var header : request.getMultiValueHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                    return String.join(",", header.getValue());
                }
            }
        }
        return null;
    }

    /**
     * Whether the Accept header ranks application/json above text/html: by quality, each type taking the quality of
     * the most specific range that matches it; on a tie, the type named exactly wins; otherwise HTML.
     */
    static boolean prefersJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        Preference json = new Preference("application", "json");
        Preference html = new Preference("text", "html");
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException malformed) {
                        quality = 0;
                    }
                }
            }
            json.consider(type, quality);
            html.consider(type, quality);
        }
        if (json.quality <= 0) {
            return false;
        }
        if (json.quality != html.quality) {
            return json.quality > html.quality;
        }
        return json.specificity > html.specificity;
    }

    /** How much an Accept header wants one media type: the quality of its most specific matching range. */
    private static final class Preference {
        private final String type;
        private final String subtype;
        int specificity = -1;
        double quality = 0;

        Preference(String type, String subtype) {
            this.type = type;
            this.subtype = subtype;
        }

        void consider(String range, double rangeQuality) {
            int matched = range.equals(type + "/" + subtype) ? 2 : range.equals(type + "/*") ? 1 : range.equals("*/*") ? 0 : -1;
            if (matched > specificity) {
                specificity = matched;
                quality = rangeQuality;
            }
        }
    }
}
