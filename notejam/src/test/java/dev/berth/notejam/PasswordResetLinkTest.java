package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** With a public base URL configured, a forged Host header cannot send a reset link to someone else's site. */
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetLinkTest extends AcceptanceTest {

    @Test
    void theLinkUsesTheConfiguredUrlWhateverTheHostHeaderSays(CapturedOutput output) throws Exception {
        String email = newEmail();
        signedIn(email);
        Browser browser = browser();
        String csrf = browser.open("/forgot-password").document().selectFirst("input[name=_csrf]").val();
        String body = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        // A raw request: HTTP clients will not forge the Host header, an attacker will.
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("POST /forgot-password HTTP/1.1\r\n"
                    + "Host: attacker.example\r\n"
                    + "Cookie: SESSION=" + browser.cookie("SESSION") + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length() + "\r\n"
                    + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(status).startsWith("HTTP/1.1 302");
        }
        String mail = output.getOut().lines().filter(line -> line.contains("Mail to " + email)).findFirst().orElseThrow();
        assertThat(mail).contains(PUBLIC_URL + "reset-password?token=").doesNotContain("attacker.example");
    }
}
