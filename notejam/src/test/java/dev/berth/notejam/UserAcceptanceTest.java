package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign up, sign in, sign out, account settings, as the specification lists them. */
class UserAcceptanceTest extends AcceptanceTest {

    private Browser.Page signUp(Browser browser, String email, String password, String repeat) {
        return browser.submit("/signup", "form[action=/signup]",
                Map.of("email", email, "password", password, "repeatPassword", repeat));
    }

    private Browser.Page signIn(Browser browser, String email, String password) {
        return browser.submit("/signin", "form[action=/signin]", Map.of("email", email, "password", password));
    }

    @Test
    void signUpThenSignIn() {
        String email = newEmail();
        Browser browser = browser();
        assertThat(signUp(browser, email, PASSWORD, PASSWORD).text()).contains("Account is created. Now you can sign in.");
        Browser.Page home = signIn(browser, email, PASSWORD);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.text()).contains(email).contains("All notes (0)");
    }

    @Test
    void signUpWithMissingFields() {
        Browser.Page page = signUp(browser(), "", "", "");
        assertThat(page.text()).contains("Email is required").contains("Password is required").contains("Repeat the password");
    }

    @Test
    void signUpWithAnInvalidEmail() {
        assertThat(signUp(browser(), "not-an-email", PASSWORD, PASSWORD).text()).contains("Email is not valid");
    }

    @Test
    void signUpWithAnEmailAlreadyTaken() {
        String email = newEmail();
        signUp(browser(), email, PASSWORD, PASSWORD);
        assertThat(signUp(browser(), email.toUpperCase(java.util.Locale.ROOT), PASSWORD, PASSWORD).text())
                .contains("An account with this email already exists");
    }

    @Test
    void signUpWithPasswordsThatDiffer() {
        assertThat(signUp(browser(), newEmail(), PASSWORD, PASSWORD + "x").text()).contains("Passwords do not match");
    }

    @Test
    void signUpWithAWeakPassword() {
        assertThat(signUp(browser(), newEmail(), "short1", "short1").text()).contains("Password is too weak");
        assertThat(signUp(browser(), newEmail(), "onlyletters", "onlyletters").text()).contains("Password is too weak");
    }

    @Test
    void signInWithAWrongPassword() {
        String email = newEmail();
        signUp(browser(), email, PASSWORD, PASSWORD);
        Browser.Page page = signIn(browser(), email, "wrong-password-1");
        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(page.text()).contains("Wrong email or password");
    }

    @Test
    void signInWithAnUnknownEmail() {
        assertThat(signIn(browser(), newEmail(), PASSWORD).text()).contains("Wrong email or password");
    }

    @Test
    void repeatedFailedSignInsAreThrottledEvenWithTheRightPassword() {
        String email = newEmail();
        signUp(browser(), email, PASSWORD, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser(), email, "wrong-password-" + i).text()).contains("Wrong email or password");
        }
        Browser.Page page = signIn(browser(), email, PASSWORD);
        assertThat(page.uri().getPath()).isEqualTo("/signin");
        assertThat(page.text()).contains("Too many failed sign-ins");
    }

    @Test
    void signOut() {
        Browser browser = signedIn();
        Browser.Page signedOut = browser.submit("/signout", "form[action=/signout]", Map.of());
        assertThat(signedOut.uri().getPath()).isEqualTo("/signin");
        Browser.Page home = browser.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.location()).endsWith("/signin");
    }

    @Test
    void signingInChangesTheSessionId() {
        Browser browser = browser();
        String email = newEmail();
        signUp(browser, email, PASSWORD, PASSWORD);
        browser.open("/signin");
        String before = browser.cookie("SESSION");
        signIn(browser, email, PASSWORD);
        assertThat(browser.cookie("SESSION")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void changePasswordThenTheOldOneNoLongerWorks() {
        String email = newEmail();
        Browser browser = signedIn(email);
        String newPassword = "battery-staple-42";
        Browser.Page page = browser.submit("/settings", "form[action=/settings]",
                Map.of("currentPassword", PASSWORD, "newPassword", newPassword, "repeatPassword", newPassword));
        assertThat(page.text()).contains("Password is changed");

        assertThat(signIn(browser(), email, PASSWORD).text()).contains("Wrong email or password");
        assertThat(signIn(browser(), email, newPassword).uri().getPath()).isEqualTo("/");
    }

    @Test
    void changePasswordNeedsTheCurrentOneAndAMatchingStrongNewOne() {
        Browser browser = signedIn();
        assertThat(browser.submit("/settings", "form[action=/settings]",
                Map.of("currentPassword", "not-it-123", "newPassword", "battery-staple-42", "repeatPassword", "battery-staple-42"))
                .text()).contains("Current password is wrong");
        assertThat(browser.submit("/settings", "form[action=/settings]",
                Map.of("currentPassword", PASSWORD, "newPassword", "battery-staple-42", "repeatPassword", "battery-staple-43"))
                .text()).contains("Passwords do not match");
        assertThat(browser.submit("/settings", "form[action=/settings]",
                Map.of("currentPassword", PASSWORD, "newPassword", "weak", "repeatPassword", "weak"))
                .text()).contains("Password is too weak");
    }
}
