package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSRF, security headers, sign-in walls, health, static assets. */
class SecurityAcceptanceTest extends AcceptanceTest {

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRejected() {
        Browser browser = signedIn();
        Browser.Page page = browser.post("/notes/create", Map.of("name", "forged", "text", "x", "pad", ""));
        assertThat(page.status()).isEqualTo(403);
        assertThat(browser.open("/").text()).contains("All notes (0)");
        assertThat(browser().post("/signup", Map.of("email", newEmail(), "password", PASSWORD, "repeatPassword", PASSWORD))
                .status()).isEqualTo(403);
    }

    @Test
    void pagesNeedASignedInUser() {
        for (String path : new String[] {"/", "/notes/create", "/pads/create", "/settings", "/notes/1", "/pads/1"}) {
            Browser.Page page = browser().get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).as(path).endsWith("/signin");
        }
    }

    @Test
    void securityHeaders() {
        Map<String, String> headers = browser().get("/signin").headers();
        assertThat(headers.get("content-security-policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(headers.get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(headers.get("x-frame-options")).isEqualTo("DENY");
        assertThat(headers.get("referrer-policy")).isEqualTo("same-origin");
        assertThat(headers.get("x-request-id")).isNotBlank();
    }

    @Test
    void behindATlsLoadBalancerTheSessionCookieIsSecure() {
        Browser browser = browser();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        try {
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/signin"))
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.7").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(response.headers().allValues("set-cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("SESSION=").contains("Secure").contains("HttpOnly").contains("SameSite=Lax"));
            assertThat(response.headers().firstValue("strict-transport-security")).isPresent();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(browser.get("/signin").headers().get("set-cookie")).doesNotContain("Secure");
    }

    @Test
    void healthProbes() {
        Browser browser = browser();
        assertThat(browser.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        Browser.Page readiness = browser.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void staticAssetsHaveContentHashedNamesAndCacheForAYear() {
        Browser browser = browser();
        String href = browser.get("/signin").document().selectFirst("link[rel=stylesheet]").attr("href");
        assertThat(href).matches("/static/css/notejam-[0-9a-f]{32}\\.css");
        Browser.Page css = browser.get(href);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.headers().get("cache-control")).contains("max-age=31536000");
        assertThat(css.body()).contains(".notes");
    }
}
