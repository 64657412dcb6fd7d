package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Another user's pad or note is never shown, changed or deleted: every route answers 404. */
class OwnershipAcceptanceTest extends AcceptanceTest {

    Browser owner;
    Browser stranger;
    long pad;
    long note;

    @BeforeEach
    void twoUsers() {
        owner = signedIn();
        pad = createPad(owner, "Private pad");
        note = createNote(owner, "Private note", "secret text", pad);
        stranger = signedIn();
        createPad(stranger, "Stranger's own pad");
    }

    /** POSTs with the stranger's own valid CSRF token, so only ownership can refuse it. */
    private Browser.Page strangerPosts(String path, Map<String, String> fields) {
        String token = stranger.open("/pads/create").document().selectFirst("input[name=_csrf]").val();
        java.util.Map<String, String> withToken = new java.util.HashMap<>(fields);
        withToken.put("_csrf", token);
        return stranger.post(path, withToken);
    }

    @Test
    void noteRoutes() {
        for (String path : new String[] {"/notes/" + note, "/notes/" + note + "/edit", "/notes/" + note + "/delete"}) {
            Browser.Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).doesNotContain("Private note").doesNotContain("secret text");
        }
        assertThat(strangerPosts("/notes/" + note + "/edit", Map.of("name", "hacked", "text", "x", "pad", "")).status()).isEqualTo(404);
        assertThat(strangerPosts("/notes/" + note + "/delete", Map.of()).status()).isEqualTo(404);
        Browser.Page still = owner.open("/notes/" + note);
        assertThat(still.text()).contains("Private note").contains("secret text");
    }

    @Test
    void padRoutes() {
        for (String path : new String[] {"/pads/" + pad, "/pads/" + pad + "/edit", "/pads/" + pad + "/delete"}) {
            Browser.Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).doesNotContain("Private pad");
        }
        assertThat(strangerPosts("/pads/" + pad + "/edit", Map.of("name", "hacked")).status()).isEqualTo(404);
        assertThat(strangerPosts("/pads/" + pad + "/delete", Map.of()).status()).isEqualTo(404);
        assertThat(owner.open("/pads/" + pad).text()).contains("Private pad").contains("Private note");
    }

    @Test
    void aNoteCannotBePutIntoAnotherUsersPad() {
        assertThat(strangerPosts("/notes/create", Map.of("name", "intruder", "text", "x", "pad", Long.toString(pad))).status())
                .isEqualTo(404);
        long own = createNote(stranger, "mine", "x", null);
        assertThat(strangerPosts("/notes/" + own + "/edit", Map.of("name", "mine", "text", "x", "pad", Long.toString(pad))).status())
                .isEqualTo(404);
        assertThat(owner.open("/pads/" + pad).text()).contains("Private pad (1)").doesNotContain("intruder").doesNotContain("mine");
        assertThat(stranger.open("/").text()).contains("All notes (1)").doesNotContain("Private");
    }

    @Test
    void listsShowOnlyOwnNotesAndPads() {
        Browser.Page home = stranger.open("/");
        assertThat(home.text()).doesNotContain("Private note").doesNotContain("Private pad").contains("Stranger's own pad");
    }
}
