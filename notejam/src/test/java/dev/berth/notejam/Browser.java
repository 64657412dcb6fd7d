package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** A user's browser over real HTTP: keeps cookies, follows redirects on request, fills forms like a person would. */
final class Browser {

    record Page(int status, String location, String body, Map<String, String> headers, URI uri) {

        Document document() {
            return Jsoup.parse(body, uri.toString());
        }

        String text() {
            return document().body().text();
        }
    }

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    Browser(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET asking for a media type, as a browser (text/html) or an API client (application/json) does. */
    Page get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
    }

    /** GET, then follow redirects to the final page. */
    Page open(String path) {
        return follow(get(path));
    }

    /** POSTs fields as they are: no CSRF token unless the caller adds one. */
    Page post(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    /**
     * Opens a page, fills the form matching {@code formSelector} (its hidden fields, such as the CSRF token, kept),
     * submits it and follows the redirects.
     */
    Page submit(String pagePath, String formSelector, Map<String, String> values) {
        Page page = open(pagePath);
        Element form = page.document().selectFirst(formSelector);
        assertThat(form).as("form %s on %s", formSelector, pagePath).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.putAll(values);
        String action = form.attr("action");
        return follow(post(action.isEmpty() ? pagePath : action, fields));
    }

    Page follow(Page page) {
        Page current = page;
        for (int hops = 0; hops < 5 && current.status() / 100 == 3; hops++) {
            current = send(HttpRequest.newBuilder(URI.create(base).resolve(current.location())).GET());
        }
        return current;
    }

    /** Carries a cookie over from another browser (the same user reaching another instance). */
    void copyCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = response.headers().map().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT), e -> String.join(", ", e.getValue())));
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.body(), headers, response.uri());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
