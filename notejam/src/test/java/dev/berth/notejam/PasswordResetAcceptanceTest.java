package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Forgot password, end to end: the link arrives by mail (the log, locally), works once, and not after it expires. */
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetAcceptanceTest extends AcceptanceTest {

    private static final Pattern LINK = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})");

    @Autowired
    JdbcClient jdbc;

    private String mailedToken(CapturedOutput output, String email) {
        String mail = output.getOut().lines().filter(line -> line.contains("Mail to " + email)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no reset mail for " + email + " in the log"));
        Matcher link = LINK.matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        // Every line is JSON, and a line written while serving a request carries that request's id.
        assertThat(mail).startsWith("{").containsPattern("\"request_id\":\"[0-9a-f-]{36}\"");
        return link.group(1);
    }

    private Browser.Page requestReset(String email) {
        return browser().submit("/forgot-password", "form[action=/forgot-password]", Map.of("email", email));
    }

    private Browser.Page reset(String token, String password) {
        return browser().submit("/reset-password?token=" + token, "form[action=/reset-password]",
                Map.of("password", password, "repeatPassword", password));
    }

    private Browser.Page signIn(String email, String password) {
        return browser().submit("/signin", "form[action=/signin]", Map.of("email", email, "password", password));
    }

    @Test
    void theLinkResetsThePasswordOnce(CapturedOutput output) {
        String email = newEmail();
        signedIn(email);
        assertThat(requestReset(email).text()).contains("a link to reset its password is on its way");
        String token = mailedToken(output, email);

        String newPassword = "new-secret-77";
        assertThat(reset(token, newPassword).text()).contains("Your password is changed");
        assertThat(signIn(email, newPassword).uri().getPath()).isEqualTo("/");
        assertThat(signIn(email, PASSWORD).text()).contains("Wrong email or password");

        Browser.Page again = browser().open("/reset-password?token=" + token);
        assertThat(again.text()).contains("This link has expired or was already used");
        assertThat(again.document().selectFirst("form[action=/reset-password]")).isNull();
    }

    @Test
    void anUnknownEmailGetsTheSameAnswerAndNoMail(CapturedOutput output) {
        String email = newEmail();
        assertThat(requestReset(email).text()).contains("a link to reset its password is on its way");
        assertThat(output.getOut()).doesNotContain("Mail to " + email);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String email = newEmail();
        signedIn(email);
        String token = "expired-token-expired-token-expired-token-1";
        long userId = jdbc.sql("SELECT id FROM users WHERE email = ?").param(email).query(Long.class).single();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        jdbc.sql("INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES (?, ?, now() - interval '1 minute')")
                .params(hash, userId).update();

        assertThat(browser().open("/reset-password?token=" + token).text()).contains("This link has expired or was already used");
        // The form is not even shown for it; a crafted POST (with a valid CSRF token) is refused too.
        Browser browser = browser();
        String csrf = browser.open("/forgot-password").document().selectFirst("input[name=_csrf]").val();
        Browser.Page posted = browser.follow(browser.post("/reset-password",
                Map.of("_csrf", csrf, "token", token, "password", "another-pass-1", "repeatPassword", "another-pass-1")));
        assertThat(posted.text()).contains("This link has expired or was already used");
        assertThat(signIn(email, "another-pass-1").text()).contains("Wrong email or password");
    }
}
