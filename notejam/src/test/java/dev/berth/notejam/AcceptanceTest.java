package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running app on a real PostgreSQL (the embedded one, real binaries, a fresh data directory per test JVM),
 * reached over HTTP. Every test class shares the one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "notejam.base-url=" + AcceptanceTest.PUBLIC_URL)
abstract class AcceptanceTest {

    /** The public URL, as a deployment configures it; reset links must point here whatever the request says. */
    static final String PUBLIC_URL = "https://notes.example.com/";

    static final String PASSWORD = "correct-horse-9";
    private static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("notejam-acceptance-pg");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("notejam.embedded-postgres.data-directory", DATA::toString);
    }

    @LocalServerPort
    int port;

    Browser browser() {
        return new Browser(port);
    }

    static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** A new account, signed in. */
    Browser signedIn() {
        return signedIn(newEmail());
    }

    Browser signedIn(String email) {
        Browser browser = browser();
        Browser.Page signedUp = browser.submit("/signup", "form[action=/signup]",
                Map.of("email", email, "password", PASSWORD, "repeatPassword", PASSWORD));
        assertThat(signedUp.text()).contains("Account is created");
        Browser.Page home = browser.submit("/signin", "form[action=/signin]", Map.of("email", email, "password", PASSWORD));
        assertThat(home.uri().getPath()).isEqualTo("/");
        return browser;
    }

    static long createPad(Browser browser, String name) {
        Browser.Page page = browser.submit("/pads/create", "form[action=/pads/create]", Map.of("name", name));
        assertThat(page.text()).contains("Pad is created");
        return Long.parseLong(page.uri().getPath().substring("/pads/".length()));
    }

    static long createNote(Browser browser, String name, String text, Long pad) {
        Browser.Page page = browser.submit("/notes/create", "form[action=/notes/create]",
                Map.of("name", name, "text", text, "pad", pad == null ? "" : pad.toString()));
        assertThat(page.text()).contains("Note is created");
        return Long.parseLong(page.uri().getPath().substring("/notes/".length()));
    }
}
